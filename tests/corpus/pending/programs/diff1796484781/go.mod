module example.com/diff1796484781

go 1.26
