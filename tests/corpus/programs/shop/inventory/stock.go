// Package inventory keeps stock levels for the shop.
package inventory

import "fmt"

// Unit is the measuring unit of a stock item.
type Unit int

const (
	Piece Unit = iota
	Kilogram
	Litre
)

// MaxBatch is the largest quantity one reservation may take.
const MaxBatch = 500

// DefaultWarehouse is used when no warehouse is named.
const DefaultWarehouse = "north"

const restockThreshold = 3

// Item is one stock line.
type Item struct {
	SKU      string
	Name     string
	Qty      int
	Unit     Unit
	location string
}

// Warehouse holds items by SKU.
type Warehouse struct {
	Name  string
	Items map[string]Item
	log   []string
}

// Catalog is the process-wide warehouse.
var Catalog = NewWarehouse(DefaultWarehouse)

// Restocks counts restock operations.
var Restocks int

var auditTrail []string

// NewWarehouse returns an empty warehouse.
func NewWarehouse(name string) *Warehouse {
	return &Warehouse{Name: name, Items: map[string]Item{}}
}

// Add stores an item, replacing any item with the same SKU.
func (w *Warehouse) Add(it Item) {
	it.location = w.Name + "/A1"
	w.Items[it.SKU] = it
	w.log = append(w.log, "add "+it.SKU)
	auditTrail = append(auditTrail, it.SKU)
}

// Reserve takes n units of sku if there are enough.
func (w *Warehouse) Reserve(sku string, n int) (ok bool, left int) {
	it, found := w.Items[sku]
	if !found {
		return false, 0
	}
	if it.Qty < n || n > MaxBatch {
		return false, it.Qty
	}
	it.Qty -= n
	w.Items[sku] = it
	left = it.Qty
	ok = true
	if left < restockThreshold {
		Restocks++
	}
	return
}

// Label is a human-readable name for the item.
func (i Item) Label() string {
	return fmt.Sprintf("%s (%s)", i.Name, i.SKU)
}

// Audit returns how many stock changes were recorded.
func Audit() int {
	return len(auditTrail)
}
