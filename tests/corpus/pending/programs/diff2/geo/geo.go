package geo

func sink(xs ...any) {}

type Temp2 float64

type Order struct {
	Value int
	Tags  string
}

func (r Order) Size() float64 {
	return 1.5
}

type Item3 struct {
	Order
	Value Temp2
}

func (r *Item3) Size() float64 {
	return 2.5
}

func (r Item3) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}

type Holder[T any] struct {
	V T
	N int
}

func Stop4() {
	var rec Holder[Item3] = Holder[Item3]{V: Item3{Order: Order{Value: 33, Tags: "ünï"}, Value: Temp2(1.4)}, N: 4}
	sink(rec)
}

func Stop5() {
	sink()
}
