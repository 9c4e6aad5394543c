package util

func sink(xs ...any) {}

type Task struct {
	Data  int
	Count string
	Next  map[string]uint
	Value int
}

func (r Task) Size() float64 {
	return 1.5
}

type Order2 struct {
	Task
	Label int
	Width uint
}

func (r *Order2) Size() float64 {
	return 2.5
}

func (r Order2) String() string {
	return "s"
}

func Each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
	}
}
