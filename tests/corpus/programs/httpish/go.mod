module example.com/httpish

go 1.26
