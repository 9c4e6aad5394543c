module example.com/diff1796484762

go 1.26
