package cql2

import "testing"

// FuzzParseText feeds arbitrary text to the cql2-text parser. It must
// never panic; what it accepts must print to a canonical form that parses
// to itself, and Check must not panic on it. The seed corpus lives in
// testdata/fuzz/FuzzParseText.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{
		"kind = 'association'",
		"(a = 1 OR b <> 2) AND NOT c IS NULL",
		"commune LIKE '69%' AND kind NOT IN ('a', 'b') AND n BETWEEN 1 AND 2",
		"S_INTERSECTS(geometry, POLYGON((4.9 45.5, 5.0 45.5, 4.95 45.55, 4.9 45.5)))",
		"S_INTERSECTS(geometry, BBOX(4.8, 45.7, 4.9, 45.8))",
		"d < TIMESTAMP('2020-01-01T00:00:00Z') OR d = DATE('2020-01-01')",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s, LangText)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q): error %T is not an *Error", s, err)
			}
			return
		}
		roundTrip(t, e)
	})
}

// FuzzParseJSON does the same for cql2-json.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"op":"=","args":[{"property":"kind"},"association"]}`,
		`{"op":"and","args":[{"op":"like","args":[{"property":"commune"},"69%"]},{"op":"not","args":[{"op":"isNull","args":[{"property":"sector"}]}]}]}`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}`,
		`{"op":"in","args":[{"property":"kind"},["a","b"]]}`,
		`{"op":"between","args":[{"property":"n"},1,2.5]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s, LangJSON)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q): error %T is not an *Error", s, err)
			}
			return
		}
		roundTrip(t, e)
	})
}

func roundTrip(t *testing.T, e Expr) {
	t.Helper()
	_ = Check(e, testQueryables())
	text := Text(e)
	again, err := Parse(text, LangText)
	if err != nil {
		t.Fatalf("canonical form %q does not parse: %v", text, err)
	}
	if got := Text(again); got != text {
		t.Fatalf("canonical form not stable: %q, then %q", text, got)
	}
}
