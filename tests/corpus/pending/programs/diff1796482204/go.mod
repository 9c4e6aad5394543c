module example.com/diff1796482204

go 1.26
