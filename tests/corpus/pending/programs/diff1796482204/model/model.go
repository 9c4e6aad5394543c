package model

func sink(xs ...any) {}

func Keep[T any](x T, n int) T {
	sink(x, n)
	return x
}
