module example.com/diff1796482398

go 1.26
