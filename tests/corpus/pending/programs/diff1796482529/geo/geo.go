package geo

type Quota uint8

type Config struct {
	Width int
	ID    Quota
	Data  map[string]int
}

func (r Config) Size() float64 {
	return 1.5
}

type Point2 struct {
	Config
	Label int32
}

func (r *Point2) Size() float64 {
	return 2.5
}

func (r Point2) String() string {
	return "s"
}

type Sizer interface {
	Size() float64
}
