package data

import "bytes"

// HoldsNUL reports whether JSON text holds a string with a NUL character,
// written \u0000 (JSON cannot hold the byte itself). PostgreSQL's text
// cannot store one ("invalid byte sequence for encoding UTF8: 0x00"): a
// write or an import that carried one failed in the database, a 500,
// where the writer is owed a 4xx naming the field or the line. The escape
// is one when an even number of backslashes stand before it: in
// "\\u0000" the first backslash escapes the second, and "u0000" is text.
func HoldsNUL(raw []byte) bool {
	nul := []byte(`\u0000`)
	for i := 0; i < len(raw); {
		j := bytes.Index(raw[i:], nul)
		if j < 0 {
			return false
		}
		j += i
		k := j
		for k > 0 && raw[k-1] == '\\' {
			k--
		}
		if (j-k)%2 == 0 {
			return true
		}
		i = j + 1
	}
	return false
}

// ReasonNUL is why a value holding a NUL character is refused.
const ReasonNUL = "holds a NUL character (\\u0000), which the database cannot store"
