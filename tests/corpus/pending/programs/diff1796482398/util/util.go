package util

type Ratio3 float64

type Tag string

type Node struct {
	Data  int
	Name  chan int
	Width string
	Title Ratio3
}

func (r Node) Size() float64 {
	return 1.5
}

type Record struct {
	Node
	Count Tag
	Label *Node
}

func (r *Record) Size() float64 {
	return 2.5
}

func (r Record) String() string {
	return "s"
}

type LibErr struct {
	Code int
	Msg  string
}

func (e *LibErr) Error() string {
	return e.Msg
}
