module example.com/diff1796482529

go 1.26
