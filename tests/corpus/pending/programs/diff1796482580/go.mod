module example.com/diff1796482580

go 1.26
