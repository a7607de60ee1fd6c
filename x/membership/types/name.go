package types

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength bounds organization and validator names (in bytes).
const MaxNameLength = 140

// ValidateName accepts printable UTF-8 without surrounding spaces, so names
// print the same in every client.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("name is empty")
	case len(name) > MaxNameLength:
		return fmt.Errorf("name is %d bytes, at most %d", len(name), MaxNameLength)
	case !utf8.ValidString(name):
		return fmt.Errorf("name is not valid UTF-8")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("name has leading or trailing spaces")
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("name contains the non-printable character %U", r)
		}
	}
	return nil
}
