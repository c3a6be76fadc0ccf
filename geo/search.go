package geo

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Territory search (the viewer's search box) compares names as search keys:
// SearchKey folds case and accents and turns every run of other characters
// (hyphens, apostrophes, spaces, brackets…) into one space, so "saint
// etienne", "SAINT-ÉTIENNE" and "Saint Étienne" all read "saint etienne".
// The PostGIS store folds names in SQL (territory_search_key, migration
// 00011) from SearchFoldTable; a test holds the two equal.

// SearchMarkFirst and SearchMarkLast bound the combining diacritical marks
// (U+0300..U+036F) SearchKey drops, so a decomposed "e" + U+0301 folds
// like "é".
const (
	SearchMarkFirst = '\u0300'
	SearchMarkLast  = '\u036f'
)

// searchFold is the rule of SearchKey for one character: its lower-case
// ASCII spelling for a letter or digit ("" for a combining mark, dropped),
// or " " for anything else, a separator. It returns slices of constants,
// so folding allocates nothing.
func searchFold(r rune) string {
	const lower, digits = "abcdefghijklmnopqrstuvwxyz", "0123456789"
	switch {
	case 'a' <= r && r <= 'z':
		return lower[r-'a' : r-'a'+1]
	case 'A' <= r && r <= 'Z':
		return lower[r-'A' : r-'A'+1]
	case '0' <= r && r <= '9':
		return digits[r-'0' : r-'0'+1]
	case SearchMarkFirst <= r && r <= SearchMarkLast:
		return ""
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
		return "a"
	case 'ç', 'Ç':
		return "c"
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
		return "e"
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
		return "i"
	case 'ñ', 'Ñ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø':
		return "o"
	case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü':
		return "u"
	case 'ý', 'ÿ', 'Ý', 'Ÿ':
		return "y"
	case 'æ', 'Æ':
		return "ae"
	case 'œ', 'Œ':
		return "oe"
	}
	return " "
}

// SearchKey folds a territory name, or a search box's text, to the form
// territory search compares: lower-case ASCII letters and digits, accents
// and ligatures folded (é → e, œ → oe, upper case too), combining marks
// dropped, and every run of other characters (hyphens, apostrophes,
// spaces, punctuation, letters SearchFoldTable does not list) one space,
// with none at either end. A text without a letter or digit gives "".
func SearchKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		f := searchFold(r)
		switch f {
		case "":
			continue
		case " ":
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(f)
	}
	return b.String()
}

// SearchFoldTable spells SearchKey's letter folding for a store that folds
// in its own language (PostgreSQL's translate and replace): from and to
// pair each character folded to one letter, rune for rune (the ASCII upper
// case, then the other letters in code point order); ligatures are the
// letters folded to two. Characters in neither, outside a-z, 0-9 and the
// marks between SearchMarkFirst and SearchMarkLast, are separators.
func SearchFoldTable() (from, to string, ligatures map[rune]string) {
	var f, t strings.Builder
	ligatures = map[rune]string{}
	for r := rune(0); r < 0x250; r++ {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || SearchMarkFirst <= r && r <= SearchMarkLast {
			continue
		}
		switch folded := searchFold(r); len(folded) {
		case 1:
			if folded != " " {
				f.WriteRune(r)
				t.WriteString(folded)
			}
		case 2:
			ligatures[r] = folded
		}
	}
	return f.String(), t.String(), ligatures
}

// TerritoryQuery is a search box's text ready to match territories: Key
// matches names (SearchKey of the text), Code matches codes. Code is the
// trimmed text in upper case when it can begin a code: digits (an INSEE
// code, a SIREN) or Corsica's 2A or 2B followed by digits; "" otherwise.
type TerritoryQuery struct {
	Key  string
	Code string
}

// NewTerritoryQuery prepares text for matching.
func NewTerritoryQuery(text string) TerritoryQuery {
	q := TerritoryQuery{Key: SearchKey(text)}
	code := strings.ToUpper(strings.TrimSpace(text))
	digits := code
	if strings.HasPrefix(code, "2A") || strings.HasPrefix(code, "2B") {
		digits = code[2:]
	}
	if code != "" && strings.Trim(digits, "0123456789") == "" {
		q.Code = code
	}
	return q
}

// Empty reports whether q can match nothing: its text had no letter or
// digit.
func (q TerritoryQuery) Empty() bool { return q.Key == "" && q.Code == "" }

// SearchRank says how well a territory matches a TerritoryQuery, the best
// first; a territory matching several ways takes the best.
type SearchRank int8

// The ranks of a match. Zero is no match.
const (
	// SearchCodeEqual: the code is the query's Code.
	SearchCodeEqual SearchRank = iota + 1
	// SearchNameEqual: the whole name's key is the query's Key.
	SearchNameEqual
	// SearchPrefix: the name's key begins with the Key, or the code with
	// the Code.
	SearchPrefix
	// SearchWord: a later word of the name's key begins with the Key.
	SearchWord
)

// String names the rank: code, name, prefix, word, or none for 0.
func (r SearchRank) String() string {
	switch r {
	case 0:
		return "none"
	case SearchCodeEqual:
		return "code"
	case SearchNameEqual:
		return "name"
	case SearchPrefix:
		return "prefix"
	case SearchWord:
		return "word"
	}
	return "SearchRank(" + strconv.Itoa(int(r)) + ")"
}

// Rank tells how a territory whose code is code and whose name's search key
// is key matches q; 0 when it does not. It allocates nothing, and most
// names that do not match cost it one substring search.
func (q TerritoryQuery) Rank(code, key string) SearchRank {
	if q.Code != "" && strings.HasPrefix(code, q.Code) {
		switch {
		case len(code) == len(q.Code):
			return SearchCodeEqual
		case q.Key != "" && key == q.Key:
			return SearchNameEqual
		}
		return SearchPrefix
	}
	if q.Key == "" {
		return 0
	}
	i := strings.Index(key, q.Key)
	switch {
	case i < 0:
		return 0
	case i == 0 && len(key) == len(q.Key):
		return SearchNameEqual
	case i == 0:
		return SearchPrefix
	}
	for { // a later occurrence may begin a word where the first did not
		if key[i-1] == ' ' {
			return SearchWord
		}
		j := strings.Index(key[i+1:], q.Key)
		if j < 0 {
			return 0
		}
		i += 1 + j
	}
}

// TerritoryHit is what orders search results (CompareTerritoryHits).
type TerritoryHit struct {
	Rank       SearchRank
	Level      Level
	Population int64
	Code       string
}

// CompareTerritoryHits orders search results: the better rank first, then
// the wider level (région, département, EPCI, commune), the larger
// population, and the code bytewise; no two territories tie.
func CompareTerritoryHits(a, b TerritoryHit) int {
	if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
		return c
	}
	if c := cmp.Compare(slices.Index(Levels, a.Level), slices.Index(Levels, b.Level)); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Population, a.Population); c != 0 {
		return c
	}
	return strings.Compare(a.Code, b.Code)
}
