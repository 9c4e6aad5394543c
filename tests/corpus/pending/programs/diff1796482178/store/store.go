package store

func sink(xs ...any) {}

type Enabled bool

type User1 struct {
	Name  string
	Tags  map[string]int
	Title chan int
	Value [2]string
}

func (r User1) Size() float64 {
	return 1.5
}

type Entry struct {
	User1
	Title uint8
}

func (r *Entry) Size() float64 {
	return 2.5
}

func (r Entry) String() string {
	return "s"
}

func Stop6() {
	var done bool = true
	sink(done)
}
