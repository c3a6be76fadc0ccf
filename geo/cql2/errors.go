package cql2

import "fmt"

// Error is a filter that cannot be read or typed: Msg says why, Pos is the
// byte offset in the filter text of the fault (for cql2-json, of the JSON
// value at fault).
type Error struct {
	Pos int
	Msg string
}

// Error reads "at offset 12: …", the offset counted in bytes from 0.
func (e *Error) Error() string { return fmt.Sprintf("at offset %d: %s", e.Pos, e.Msg) }

func errorf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
