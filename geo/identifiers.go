package geo

import (
	"errors"
	"fmt"
)

// ErrSIREN and ErrRNA are wrapped by the identifier checks so callers can tell
// which identifier was wrong.
var (
	ErrSIREN = errors.New("geo: invalid SIREN")
	ErrRNA   = errors.New("geo: invalid RNA")
)

// CheckSIREN verifies a SIREN: nine digits whose Luhn checksum is 0. The INSEE
// has issued a few La Poste numbers outside this rule; Maillage does not carry
// them.
func CheckSIREN(s string) error {
	if len(s) != 9 {
		return fmt.Errorf("%w: %q has %d characters, want 9 digits", ErrSIREN, s, len(s))
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return fmt.Errorf("%w: %q is not all digits", ErrSIREN, s)
		}
		d := int(c - '0')
		if i%2 == 1 { // every second digit from the left of a 9-digit number is doubled
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if sum%10 != 0 {
		return fmt.Errorf("%w: %q fails the Luhn check", ErrSIREN, s)
	}
	return nil
}

// LuhnComplete returns the 9-digit SIREN made of the 8-digit stem and the
// check digit that makes it pass CheckSIREN. The stem must be 8 digits.
func LuhnComplete(stem string) string {
	for d := byte('0'); d <= '9'; d++ {
		if CheckSIREN(stem+string(d)) == nil {
			return stem + string(d)
		}
	}
	return ""
}

// CheckRNA verifies a Répertoire national des associations number: "W"
// followed by nine alphanumeric characters (digits, or a département's "2A"/
// "2B" and overseas letters in the first positions, as the répertoire issues
// them).
func CheckRNA(s string) error {
	if len(s) != 10 || s[0] != 'W' {
		return fmt.Errorf("%w: %q is not W followed by 9 characters", ErrRNA, s)
	}
	for i := 1; i < 10; i++ {
		c := s[i]
		digit := c >= '0' && c <= '9'
		letter := c >= 'A' && c <= 'Z'
		if !(digit || (letter && i <= 3)) {
			return fmt.Errorf("%w: %q has %q at position %d", ErrRNA, s, c, i+1)
		}
	}
	return nil
}
