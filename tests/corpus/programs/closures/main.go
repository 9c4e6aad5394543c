// Command closures rate-limits users with counters built from closures.
package main

import (
	"errors"
	"fmt"
	"sort"
)

type User struct {
	ID    int
	Name  string
	Admin bool
}

type Event struct {
	UserID int
	Kind   string
	Cost   int
}

var ErrQuota = errors.New("quota exceeded")

var processed int

// makeLimiter returns a closure that allows at most limit units per user.
func makeLimiter(limit int) func(e Event) error {
	used := map[int]int{}
	calls := 0
	return func(e Event) error {
		calls++
		next := used[e.UserID] + e.Cost
		if next > limit {
			return ErrQuota
		}
		used[e.UserID] = next
		return nil
	}
}

// tally groups events by kind; it has named results and a deferred closure.
func tally(events []Event) (counts map[string]int, err error) {
	counts = make(map[string]int)
	defer func() {
		if len(counts) == 0 {
			err = errors.New("no events")
		}
	}()
	for idx, ev := range events {
		counts[ev.Kind]++
		processed = idx + 1
	}
	return counts, nil
}

// apply runs fn over every user, with a closure-local accumulator.
func apply(users []User, fn func(u User) int) int {
	sum := 0
	for _, u := range users {
		sum += fn(u)
	}
	return sum
}

func main() {
	users := []User{{1, "ann", true}, {2, "ben", false}, {3, "cy", false}}
	limit := makeLimiter(5)
	events := []Event{
		{UserID: 1, Kind: "login", Cost: 1},
		{UserID: 2, Kind: "upload", Cost: 4},
		{UserID: 2, Kind: "upload", Cost: 4},
		{UserID: 3, Kind: "login", Cost: 1},
	}
	rejected := 0
	for i, e := range events {
		if err := limit(e); err != nil {
			rejected++
			fmt.Println("rejected event", i, err)
		}
	}

	bonus := 10
	scores := apply(users, func(u User) int {
		score := len(u.Name) * 2
		if u.Admin {
			score += bonus
		}
		return score
	})

	counts, err := tally(events)
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)

	var jobs chan Event
	var greet func(string) string
	prefix := "hello"
	greet = func(name string) string {
		msg := prefix + ", " + name
		return msg
	}
	fmt.Println(rejected, scores, kinds, err, greet("ann"), processed, jobs == nil)
}
