module example.com/diff1796482345

go 1.26
