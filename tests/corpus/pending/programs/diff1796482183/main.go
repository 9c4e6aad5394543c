package main

func sink(xs ...any) {}

func stop1() {
	var anyv any = any(nil)
	var anyv5 any = any(nil)
	func() {
		sink(anyv, anyv5)
	}()
}

func main() {
	stop1()
}
