module example.com/diff2

go 1.26
