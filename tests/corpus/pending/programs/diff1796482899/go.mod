module example.com/diff1796482899

go 1.26
