module example.com/diff1796484524

go 1.26
