module example.com/diff1796482178

go 1.26
