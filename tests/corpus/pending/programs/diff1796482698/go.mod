module example.com/diff1796482698

go 1.26
