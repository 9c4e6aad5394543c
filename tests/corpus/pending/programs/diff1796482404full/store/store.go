package store

func sink(xs ...any) {}

func ptrTo[T any](v T) *T { return &v }

type Rate float64

type Enabled2 bool

type Config struct {
	Data  string
	Owner float64
}

func (r Config) Size() float64 {
	return 1.5
}

type Node struct {
	Config
	Owner []bool
}

func (r *Node) Size() float64 {
	return 2.5
}

func (r Node) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}

type LibErr struct {
	Code int
	Msg  string
}

func (e *LibErr) Error() string {
	return e.Msg
}

type Pair2 [2]int

type Queue3 chan int

type Holder[T any] struct {
	V T
	N int
}

func Describe(n int) string {
	return "n"
}

var GQueue chan<- complex64 = (chan<- complex64)(make(chan complex64, 1))

var GHandler func(int) complex128 = func(_ int) complex128 { return complex(2.5, -3) }

var GQueue4 <-chan bool = (<-chan bool)(make(chan bool, 0))

var GRef *Enabled2 = ptrTo(Enabled2(true))

func Stop4(ready bool, val Sizer, st9 Holder[Node]) {
	var st Config = Config{Data: "go", Owner: 35.3}
	var sl8 []*int = []*int{(*int)(nil)}
	sink(ready, val, st9, st, sl8)
}

func Stop5(handler func(string) bool) {
	var ptr *error = ptrTo(error(nil))
	pipe := make(chan uint32, 3)
	pipe <- uint32(145)
	var recv <-chan uint32 = pipe
	var send chan<- uint32 = pipe
	ch10 := make(chan int, 3)
	ch10 <- 24
	ch10 <- 52
	ch10 <- 17
	close(ch10)
	p := &Config{Owner: 6.8}
	pp := &p
	var ref *int = ptrTo(67)
	sink(handler, ptr, pipe, recv, send, ch10, p, pp, ref)
}

func (b *Holder[T]) Put(v T) {
	b.V = v
	sink(b, v)
}
