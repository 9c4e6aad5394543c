module example.com/diff1796482183

go 1.26
