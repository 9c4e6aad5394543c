package store

type Config struct {
	Label int
	Value [2]float64
}

func (r Config) Size() float64 {
	return 1.5
}
