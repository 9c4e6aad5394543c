// A small order-processing program: the bundled example for `scripts/demo`.
package main

import (
	"fmt"
	"strings"
)

type Money int64

type Address struct {
	City string
	Zip  string
}

type Customer struct {
	Name    string
	Email   string
	Address *Address
	Tags    []string
}

type Item struct {
	SKU   string
	Qty   int
	Price Money
}

type Order struct {
	ID       int
	Customer *Customer
	Items    []Item
	Notes    map[string]string
}

const maxItems = 10

var processed int

func (o *Order) Total() Money {
	var total Money
	for i, it := range o.Items {
		line := Money(it.Qty) * it.Price
		total += line // demo breakpoint: inside the loop
		_ = i
	}
	return total
}

func process(o *Order) string {
	total := o.Total()
	label := strings.ToUpper(o.Customer.Name)
	processed++
	return fmt.Sprintf("%d %s %d", o.ID, label, total) // demo breakpoint: after the total
}

func main() {
	alice := &Customer{Name: "alice", Email: "alice@example.com", Address: &Address{City: "Lyon", Zip: "69001"}}
	orders := []*Order{
		{ID: 1, Customer: alice, Items: []Item{{SKU: "apple", Qty: 3, Price: 40}}, Notes: map[string]string{"gift": "yes"}},
		{ID: 2, Customer: alice, Items: []Item{{SKU: "pear", Qty: 1, Price: 55}, {SKU: "fig", Qty: 12, Price: 9}}},
	}
	for _, o := range orders {
		fmt.Println(process(o))
	}
}
