module example.com/diff1

go 1.26
