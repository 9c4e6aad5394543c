// Package relay links lib, wire and kind into the program; main imports
// none of them.
package relay

import (
	"example.com/lib"
	"example.com/linked/relay/kind"
	"example.com/linked/relay/wire/v2"
)

func Use() int {
	var k kind.Kind = 2
	return lib.Touch() + wire.Send() + int(k)
}
