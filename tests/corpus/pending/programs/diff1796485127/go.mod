module example.com/diff1796485127

go 1.26
