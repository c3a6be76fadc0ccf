package cql2

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// FoldCase is CASEI's folding: lower case by Unicode's full case mapping,
// language-neutral, as ICU's lower() does in PostgreSQL (data/postgis
// folds with lower(… COLLATE "und-x-icu")): "ÉCOLE" is "école".
func FoldCase(s string) string { return cases.Lower(language.Und).String(s) }

// FoldAccents is ACCENTI's folding: the canonical decomposition (NFD)
// without its combining diacritical marks (U+0300 to U+036F), as
// PostgreSQL's normalize(…, NFD) and a regexp_replace of that range do:
// "Saint-Étienne" is "Saint-Etienne", "Œuvre" stays "Œuvre" (a ligature,
// not an accented letter).
func FoldAccents(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x300 && r <= 0x36F {
			return -1
		}
		return r
	}, norm.NFD.String(s))
}

// Folded applies a FoldFunc.
func (f FoldFunc) Folded(s string) string {
	if f == CaseI {
		return FoldCase(s)
	}
	return FoldAccents(s)
}

// FoldLiteral is a LIKE pattern's text once its folds are applied: the
// String at the heart of nested Folds, folded from the inside out; ok is
// false when e is not such a literal.
func FoldLiteral(e Expr) (string, bool) {
	switch e := e.(type) {
	case *String:
		return e.Value, true
	case *Fold:
		s, ok := FoldLiteral(e.Arg)
		if !ok {
			return "", false
		}
		return e.Func.Folded(s), true
	}
	return "", false
}

// isFoldName reports whether a function name is CASEI or ACCENTI.
func isFoldName(word string) bool { return word == string(CaseI) || word == string(AccentI) }
