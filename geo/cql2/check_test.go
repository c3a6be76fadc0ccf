package cql2

import (
	"errors"
	"strings"
	"testing"
)

func testQueryables() Queryables {
	return Queryables{"kind": TypeString, "density_class": TypeInteger, "share": TypeNumber,
		"employer": TypeBoolean, "start": TypeDate, "geometry": TypeGeometry, "domains": TypeArray}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	ok := []string{
		"kind = 'a' AND density_class < 3.5 AND share >= 1 AND employer = TRUE",
		"density_class = share",
		"employer < TRUE",
		"start > DATE('2020-01-01')",
		"kind LIKE 'a\\%%' AND kind IN ('a', 'b') AND density_class BETWEEN 1 AND 2.5",
		"kind IS NULL OR geometry IS NULL",
		"S_INTERSECTS(geometry, BBOX(0, 0, 1, 1)) AND S_INTERSECTS(POINT(1 1), geometry)",
		"1 = 1",
		"TRUE",
		"A_CONTAINS(domains, ('sport', 'culture')) AND A_EQUALS((), domains) AND A_OVERLAPS(domains, domains)",
	}
	for _, s := range ok {
		e, err := Parse(s, LangText)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if err := Check(e, testQueryables()); err != nil {
			t.Errorf("Check(%q): %v", s, err)
		}
	}
	bad := []struct {
		in  string
		pos int
		msg string
	}{
		{"nope = 1", 0, `"nope" is not a queryable; the queryables are density_class, domains, employer, geometry, kind, share, start`},
		{"kind = 1", 7, "cannot compare property kind (string) with 1 (integer)"},
		{"density_class = '1'", 16, "cannot compare"},
		{"employer = 1", 11, "cannot compare"},
		{"start = TIMESTAMP('2020-01-01T00:00:00Z')", 8, "cannot compare"},
		{"geometry = 1", 0, "is a geometry"},
		{"kind = POINT(1 2)", 7, "is a geometry"},
		{"density_class LIKE '1%'", 0, "LIKE applies to strings"},
		{"kind LIKE 'a\\\\' AND kind LIKE 'a\\'", 30, "lone backslash"},
		{"kind IN ('a', 1)", 14, "cannot compare"},
		{"kind IN ('a', density_class)", 14, "cannot compare"},
		{"kind BETWEEN 'a' AND 'b'", 0, "BETWEEN applies to numbers"},
		{"S_INTERSECTS(kind, BBOX(0,0,1,1))", 13, "S_INTERSECTS takes geometries"},
		{"S_INTERSECTS(geometry, nope)", 23, "not a queryable"},
		{"NOT (kind = 'a' OR nope IS NULL)", 19, "not a queryable"},
		{"CASEI(density_class) = 'x'", 6, "CASEI applies to strings"},
		{"kind = ACCENTI(1)", 15, "ACCENTI applies to strings"},
		{"kind LIKE density_class", 10, "a LIKE pattern is a string"},
		{"kind LIKE 1", 10, "a LIKE pattern is a string"},
		{"S_WITHIN(geometry, kind)", 19, "S_WITHIN takes geometries"},
		{"T_AFTER(kind, DATE('2020-01-01'))", 8, "T_AFTER takes instants and intervals"},
		{"T_AFTER(INTERVAL(kind, '..'), DATE('2020-01-01'))", 17, "an INTERVAL bound is an instant"},
		{"INTERVAL('2020-01-01', '..') = start", 0, "is an interval"},
		{"kind + 1 = 2", 0, "arithmetic applies to numbers"},
		{"density_class * 2 = 'x'", 20, "cannot compare"},
		{"A_CONTAINS(kind, ('a'))", 11, "A_CONTAINS takes arrays"},
		{"A_OVERLAPS(domains, ('a', 1))", 26, "A_OVERLAPS compares lists of strings, and 1 is not a string"},
		{"A_EQUALS(domains, ('a', ('b')))", 24, "is not a string"},
		{"domains = 'sport'", 0, "is an array: compare arrays with an array function"},
		{"'sport' IN (domains)", 12, "is an array"},
		{"domains IS NULL", 0, "test it with an array function"},
		// Parsed (the standard prints such filters), refused here.
		{"kind = upper(kind)", 7, "function upper is not supported: Maillage offers no custom function"},
		{"avg(density_class) < 4", 0, "function avg is not supported"},
		{"like2()", 0, "function like2 is not supported"},
		{"S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))", 23, "ring 1 of a polygon crosses"},
		{"S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 1, 0 0)))", 23, "no area"},
		{"S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((0 0, 1 1, 2 2, 0 0))))", 23, "no area"},
	}
	for _, c := range bad {
		e, err := Parse(c.in, LangText)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		err = Check(e, testQueryables())
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Check(%q): got %v, want an *Error", c.in, err)
			continue
		}
		if pe.Pos != c.pos || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("Check(%q): got %q at %d, want %q at %d", c.in, pe.Msg, pe.Pos, c.msg, c.pos)
		}
	}
}
