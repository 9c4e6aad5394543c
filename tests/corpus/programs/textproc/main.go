// Command textproc tokenizes log lines and counts severities.
package main

import (
	"fmt"
	"strings"
	"unicode"
)

// Severity levels, typed and built with iota.
type Severity int

const (
	Debug Severity = iota
	Info
	Warn
	Error
)

// Untyped constants of several kinds.
const (
	maxFields  = 8
	ratio      = 0.75
	sep        = ' '
	banner     = "logscan"
	strictMode = true
)

const bufSize int = 64

var severityNames = [...]string{"DEBUG", "INFO", "WARN", "ERROR"}
var totalLines int
var longest string

type Token struct {
	Text  string
	Start int
	Upper bool
}

type Stats struct {
	Lines   int
	ByLevel [4]int
	Words   map[string]int
	Longest []rune
}

func parseSeverity(field string) (sev Severity, ok bool) {
	for i, name := range severityNames {
		if strings.EqualFold(field, name) {
			return Severity(i), true
		}
	}
	return Info, false
}

func tokenize(line string) []Token {
	var toks []Token
	start := -1
	for i, r := range line {
		if r == sep {
			if start >= 0 {
				word := line[start:i]
				toks = append(toks, Token{Text: word, Start: start, Upper: unicode.IsUpper(rune(word[0]))})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		toks = append(toks, Token{Text: line[start:], Start: start})
	}
	return toks
}

func scan(lines []string) Stats {
	st := Stats{Words: map[string]int{}}
	for n, line := range lines {
		totalLines++
		toks := tokenize(line)
		if len(toks) == 0 {
			continue
		}
		if sev, ok := parseSeverity(toks[0].Text); ok {
			st.ByLevel[sev]++
		}
		for _, t := range toks[1:] {
			word := strings.ToLower(t.Text)
			st.Words[word]++
			if len(word) > len(longest) {
				longest = word
			}
		}
		if n := len(toks); n > maxFields {
			fmt.Println("too many fields:", n)
		}
		st.Lines = n + 1
	}
	st.Longest = []rune(longest)
	return st
}

func main() {
	raw := "INFO user ann logged in\nWARN disk nearly full\nERROR payment déclinée for order 17\n"
	lines := strings.Split(strings.TrimSpace(raw), "\n")
	data := []byte(lines[0])
	letters := [3]rune{'a', 'é', 'z'}
	var grid [2][3]int
	grid[1][2] = 5
	st := scan(lines)
	x := 1
	if x := st.Lines; x > 2 {
		x := "shadowed"
		fmt.Println(x)
	}
	switch level := Warn; {
	case st.ByLevel[level] > 0:
		fmt.Println("warnings:", st.ByLevel[level])
	}
	window := lines[1:3]
	fmt.Println(banner, x, len(data), letters[1], grid, len(window), string(st.Longest))
}
