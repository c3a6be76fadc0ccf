package cql2

import "unicode/utf8"

// LikeMatch reports whether s matches a LIKE pattern: % matches any run of
// characters (none included), _ exactly one character (a Unicode code
// point, as PostgreSQL counts them in UTF-8), and a backslash makes the
// next character literal. Comparison is exact: case and accents count.
// A lone backslash ending the pattern (Check refuses it, as PostgreSQL
// does) stands for itself.
func LikeMatch(pattern, s string) bool {
	// Backtracking over the last % only: linear in practice, and at worst
	// len(pattern)·len(s).
	px, sx := 0, 0
	starP, starS := -1, -1
	for sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '%':
				starP, starS = px, sx
				px++
				continue
			case '_':
				_, size := utf8.DecodeRuneInString(s[sx:])
				px++
				sx += size
				continue
			default:
				lit, size := utf8.DecodeRuneInString(pattern[px:])
				if c == '\\' && px+1 < len(pattern) {
					lit, size = utf8.DecodeRuneInString(pattern[px+1:])
					size++
				}
				r, rs := utf8.DecodeRuneInString(s[sx:])
				if r == lit && (r != utf8.RuneError || rs == 1) {
					px += size
					sx += rs
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		_, size := utf8.DecodeRuneInString(s[starS:])
		starS += size
		px, sx = starP+1, starS
	}
	for px < len(pattern) && pattern[px] == '%' {
		px++
	}
	return px == len(pattern)
}
