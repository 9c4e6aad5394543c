module example.com/diff1796482780

go 1.26
