module example.com/diff3

go 1.26
