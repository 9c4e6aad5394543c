package store

type Key string

type Record struct {
	Total string
	Title byte
}

func (r Record) Size() float64 {
	return 1.5
}

type Event2 struct {
	Record
	Next Key
}

func (r *Event2) Size() float64 {
	return 2.5
}

func (r Event2) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}
