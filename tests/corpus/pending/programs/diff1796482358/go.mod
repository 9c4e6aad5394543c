module example.com/diff1796482358

go 1.26
