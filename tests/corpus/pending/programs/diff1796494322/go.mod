module example.com/diff1796494322

go 1.26
