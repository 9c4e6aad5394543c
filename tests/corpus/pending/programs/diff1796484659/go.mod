module example.com/diff1796484659

go 1.26
