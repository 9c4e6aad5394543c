module example.com/textproc

go 1.26
