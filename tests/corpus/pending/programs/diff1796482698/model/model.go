package model

type Node2 struct {
	Width int
	Next  uint
	Data  int
}

func (r Node2) Size() float64 {
	return 1.5
}

type Config struct {
	Node2
	Data uint8
}

func (r *Config) Size() float64 {
	return 2.5
}

func (r Config) String() string {
	return "s"
}
