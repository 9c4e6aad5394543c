// Command goparse answers, for each JSON-encoded string read from stdin (one
// per line), whether go/parser.ParseExpr accepts it: Delve's syntax check for
// breakpoint conditions. It prints one JSON object per line, {"ok":true} or
// {"ok":false,"error":"..."}, so tests can compare dlvbridge's parser with Go's.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/parser"
	"os"
)

type verdict struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var text string
		if err := json.Unmarshal(in.Bytes(), &text); err != nil {
			fmt.Fprintf(os.Stderr, "goparse: bad input line: %v\n", err)
			os.Exit(2)
		}
		v := verdict{OK: true}
		if _, err := parser.ParseExpr(text); err != nil {
			v = verdict{Error: err.Error()}
		}
		if err := enc.Encode(v); err != nil {
			fmt.Fprintf(os.Stderr, "goparse: %v\n", err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "goparse: %v\n", err)
		os.Exit(2)
	}
}
