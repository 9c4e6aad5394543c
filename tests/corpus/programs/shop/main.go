// Command shop prices a few orders against the inventory.
package main

import (
	"fmt"
	"strings"

	"example.com/shop/inventory"
)

// Money is an amount in cents.
type Money int64

type Address struct {
	Street string
	City   string
}

type Person struct {
	Name  string
	Email string
	*Address
}

type Customer struct {
	Person
	ID      int
	Tags    []string
	Prefs   map[string]bool
	Manager *Customer
}

type LineItem struct {
	SKU   string
	Qty   int
	Price Money
}

type Order struct {
	ID       int
	Customer *Customer
	Lines    []LineItem
	Notes    map[string]string
	Discount *Money
	status   string
}

const vatPercent = 20
const shopName = "Corner Shop"
const freeShipping Money = 5000

var orderCount int
var registry = map[int]*Customer{}
var unusedGlobal = 42

// Subtotal has a value receiver.
func (l LineItem) Subtotal() Money {
	sub := Money(l.Qty) * l.Price
	return sub
}

// Total has a pointer receiver.
func (o *Order) Total() Money {
	var total Money
	for i, l := range o.Lines {
		total += l.Subtotal()
		_ = i
	}
	if o.Discount != nil {
		total -= *o.Discount
	}
	return total
}

// DisplayName has a value receiver on a type with embedded fields.
func (c Customer) DisplayName() string {
	return strings.ToUpper(c.Name)
}

func withVAT(amount Money) (gross Money) {
	gross = amount + amount*vatPercent/100
	return
}

func main() {
	home := &Address{Street: "1 Main St", City: "Springfield"}
	alice := &Customer{
		Person: Person{Name: "Alice", Email: "alice@example.com", Address: home},
		ID:     7,
		Tags:   []string{"vip", "newsletter"},
		Prefs:  map[string]bool{"email": true, "sms": false},
	}
	bob := &Customer{Person: Person{Name: "Bob"}, ID: 8, Manager: alice}
	registry[alice.ID] = alice
	registry[bob.ID] = bob

	inventory.Catalog.Add(inventory.Item{SKU: "apple", Name: "Apple", Qty: 40, Unit: inventory.Piece})
	inventory.Catalog.Add(inventory.Item{SKU: "flour", Name: "Flour", Qty: 4, Unit: inventory.Kilogram})

	order := &Order{
		ID:       1001,
		Customer: alice,
		Lines: []LineItem{
			{SKU: "apple", Qty: 3, Price: 45},
			{SKU: "flour", Qty: 2, Price: 199},
		},
		status: "open",
	}
	orderCount++
	for _, l := range order.Lines {
		if ok, left := inventory.Catalog.Reserve(l.SKU, l.Qty); !ok {
			fmt.Println("short on", l.SKU, left)
		}
	}
	total := order.Total()
	gross := withVAT(total)
	if gross > freeShipping {
		shipping := Money(0)
		gross += shipping
	}
	fmt.Printf("%s: order %d for %s: %d (%d items audited)\n",
		shopName, order.ID, bob.Manager.DisplayName(), gross, inventory.Audit())
}
