package util

type Cell struct {
	Width int
	Data  bool
	Tags  float32
}

func (r Cell) Size() float64 {
	return 1.5
}

type Record struct {
	Cell
	Count chan int
}

func (r *Record) Size() float64 {
	return 2.5
}

func (r Record) String() string {
	return "s"
}

type Queue chan int
