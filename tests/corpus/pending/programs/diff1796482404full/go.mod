module example.com/diff1796482404

go 1.26
