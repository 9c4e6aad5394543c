module example.com/diff1796482236

go 1.26
