// Command generics keeps per-tenant caches and queues with generic containers.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

// Number is what Sum accepts.
type Number interface {
	~int | ~int64 | ~float64
}

// Cents is a named integer that satisfies Number.
type Cents int64

// Stack is a LIFO of any element type.
type Stack[T any] struct {
	items []T
	name  string
}

// Push has a pointer receiver on a generic type.
func (s *Stack[T]) Push(v T) {
	s.items = append(s.items, v)
}

// Peek has a value receiver on a generic type.
func (s Stack[T]) Peek() (top T, ok bool) {
	if len(s.items) == 0 {
		return top, false
	}
	top = s.items[len(s.items)-1]
	ok = true
	return
}

// Pair is a key and its value.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Cache counts hits and misses over a map.
type Cache[K comparable, V any] struct {
	data   map[K]V
	hits   int
	misses int
	owner  *Stack[K]
}

func NewCache[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{data: make(map[K]V)}
}

func (c *Cache[K, V]) Get(key K) (V, bool) {
	v, ok := c.data[key]
	if ok {
		c.hits++
	} else {
		c.misses++
	}
	return v, ok
}

func (c *Cache[K, V]) Put(key K, val V) {
	c.data[key] = val
}

// Sum adds up numbers of any Number type.
func Sum[N Number](xs []N) N {
	var total N
	for i, x := range xs {
		total += x
		_ = i
	}
	return total
}

// SortedPairs returns the map's entries ordered by key.
func SortedPairs[K cmp.Ordered, V any](m map[K]V) []Pair[K, V] {
	out := make([]Pair[K, V], 0, len(m))
	for k, v := range m {
		out = append(out, Pair[K, V]{Key: k, Val: v})
	}
	slices.SortFunc(out, func(a, b Pair[K, V]) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// Tenant owns a cache of user names by id.
type Tenant struct {
	Name  string
	Users *Cache[int, string]
	Queue Stack[string]
}

var tenants []*Tenant

func main() {
	acme := &Tenant{Name: "acme", Users: NewCache[int, string]()}
	acme.Users.Put(1, "ann")
	acme.Users.Put(2, "ben")
	tenants = append(tenants, acme)

	acme.Queue.name = "jobs"
	acme.Queue.Push("reindex")
	acme.Queue.Push("email")

	ids := &Stack[int]{name: "ids"}
	ids.Push(10)
	ids.Push(20)
	acme.Users.owner = ids

	name, found := acme.Users.Get(2)
	_, missing := acme.Users.Get(99)

	prices := []Cents{199, 250, 1000}
	total := Sum(prices)
	ratios := []float64{0.5, 0.25}
	rsum := Sum(ratios)

	stock := map[string]int{"pear": 3, "fig": 7}
	pairs := SortedPairs(stock)
	first := pairs[0]
	top, ok := acme.Queue.Peek()
	fmt.Println(name, found, missing, total, rsum, first.Key, first.Val, top, ok, len(tenants))
}
