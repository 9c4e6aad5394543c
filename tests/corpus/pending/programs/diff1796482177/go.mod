module example.com/diff1796482177

go 1.26
