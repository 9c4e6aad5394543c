module example.com/diff1796482206

go 1.26
