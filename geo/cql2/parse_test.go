package cql2

import (
	"errors"
	"strings"
	"testing"
)

// TestParseText parses valid cql2-text and prints it back in canonical
// form; the canonical form must parse to itself.
func TestParseText(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"equality", "kind = 'association'", "kind = 'association'"},
		{"array functions", "A_CONTAINS(domains, ('sport', 'culture')) and a_overlaps(('a'), domains) AND A_EQUALS(domains, ( ))",
			"(A_CONTAINS(domains, ('sport', 'culture')) AND A_OVERLAPS(('a'), domains) AND A_EQUALS(domains, ()))"},
		{"an array in an array", "A_CONTAINEDBY(x, ('a', ('b', 1), TRUE, DATE('2020-01-31')))",
			"A_CONTAINEDBY(x, ('a', ('b', 1), TRUE, DATE('2020-01-31')))"},
		{"keywords in any case", "kind='a' and NOT sector<>'b' Or region = '84'",
			"((kind = 'a' AND NOT (sector <> 'b')) OR region = '84')"},
		{"AND binds tighter than OR", "a = 1 OR b = 2 AND c = 3", "(a = 1 OR (b = 2 AND c = 3))"},
		{"parentheses", "(a = 1 OR b = 2) AND c = 3", "((a = 1 OR b = 2) AND c = 3)"},
		{"flat lists", "a = 1 AND b = 2 AND c = 3", "(a = 1 AND b = 2 AND c = 3)"},
		{"NOT NOT", "NOT NOT a = 1", "NOT (NOT (a = 1))"},
		{"all comparisons", "a < 1 AND a <= 2 AND a > -3 AND a >= +4.5 AND a <> 1e3",
			"(a < 1 AND a <= 2 AND a > -3 AND a >= 4.5 AND a <> 1000.0)"},
		{"a number that is no int64", "a = 99999999999999999999", "a = 1e+20"},
		{"quoted strings", `name = 'l''Isère' AND name <> 'a\'`, `(name = 'l''Isère' AND name <> 'a\')`},
		{"quoted property", `"kind" = 'x' AND "AND" = 1 AND "a b" = 2`, `(kind = 'x' AND "AND" = 1 AND "a b" = 2)`},
		{"booleans", "employer = TRUE AND false <> insertion", "(employer = TRUE AND FALSE <> insertion)"},
		{"a boolean alone", "true", "TRUE"},
		{"IS NULL", "sector IS NULL AND reach is not null", "(sector IS NULL AND NOT (reach IS NULL))"},
		{"LIKE", "commune LIKE '69%' AND name NOT LIKE '\\_x'", "(commune LIKE '69%' AND NOT (name LIKE '\\_x'))"},
		{"IN", "kind IN ('a', 'b') AND density_class NOT IN (1,2)", "(kind IN ('a', 'b') AND NOT (density_class IN (1, 2)))"},
		{"BETWEEN", "a BETWEEN 1 AND 2 AND b NOT BETWEEN 0.5 AND 3", "(a BETWEEN 1 AND 2 AND NOT (b BETWEEN 0.5 AND 3))"},
		{"dates", "DATE('2020-01-31') < TIMESTAMP('2020-02-01T10:00:00+01:00') OR d = DATE('2021-02-03')",
			"(DATE('2020-01-31') < TIMESTAMP('2020-02-01T09:00:00Z') OR d = DATE('2021-02-03'))"},
		{"bbox", "S_INTERSECTS(geometry, BBOX(4.8,45.7,4.9,45.8))", "S_INTERSECTS(geometry, BBOX(4.8, 45.7, 4.9, 45.8))"},
		{"bbox with heights", "s_intersects(geometry, bbox(4,45,0,5,46,100))", "S_INTERSECTS(geometry, BBOX(4.0, 45.0, 5.0, 46.0))"},
		{"point", "S_INTERSECTS(geometry, POINT(4.84 45.76))", "S_INTERSECTS(geometry, POINT(4.84 45.76))"},
		{"line", "S_INTERSECTS(LINESTRING (1 2, 3 4), geometry)", "S_INTERSECTS(LINESTRING(1 2, 3 4), geometry)"},
		{"polygon with a hole", "S_INTERSECTS(geometry, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2)))",
			"S_INTERSECTS(geometry, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2)))"},
		{"multipoint both ways", "S_INTERSECTS(geometry, MULTIPOINT((1 2), 3 4))", "S_INTERSECTS(geometry, MULTIPOINT(1 2, 3 4))"},
		{"multilinestring", "S_INTERSECTS(geometry, MULTILINESTRING((1 2, 3 4), (5 6, 7 8)))",
			"S_INTERSECTS(geometry, MULTILINESTRING((1 2, 3 4), (5 6, 7 8)))"},
		{"multipolygon", "S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2))))",
			"S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2))))"},
		{"collection", "S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))",
			"S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))"},
		{"heights dropped", "S_WITHIN(geometry, POLYGON Z ((0 0 5, 1 0 5, 1 1 6, 0 0 5))) AND S_EQUALS(POINT(1 2 3), geometry)",
			"(S_WITHIN(geometry, POLYGON((0 0, 1 0, 1 1, 0 0))) AND S_EQUALS(POINT(1 2), geometry))"},
		{"every spatial function", "s_contains(geometry, point(1 2)) or S_CROSSES(geometry, LINESTRING(0 0, 1 1)) or " +
			"S_DISJOINT(geometry, BBOX(0,0,1,1)) or S_OVERLAPS(geometry, POINT(1 1)) or S_TOUCHES(geometry, POINT(1 1))",
			"(S_CONTAINS(geometry, POINT(1 2)) OR S_CROSSES(geometry, LINESTRING(0 0, 1 1)) OR S_DISJOINT(geometry, BBOX(0.0, 0.0, 1.0, 1.0)) OR " +
				"S_OVERLAPS(geometry, POINT(1 1)) OR S_TOUCHES(geometry, POINT(1 1)))"},
		{"temporal functions and intervals", "T_DURING(INTERVAL(start, end), INTERVAL('2015-01-01', '..')) OR t_after(start, TIMESTAMP('2020-01-01T10:00:00+02:00'))",
			"(T_DURING(INTERVAL(start, end), INTERVAL(DATE('2015-01-01'), '..')) OR T_AFTER(start, TIMESTAMP('2020-01-01T08:00:00Z')))"},
		{"arithmetic without spaces", "balance-150.0 > 0", "(balance - 150.0) > 0"},
		{"arithmetic precedence", "value = - foo * 2.0 + bar / 6.1234 - x ^ 2.0 AND n div 2 % 3 = (1 + 2) * 3",
			"(value = ((((- foo) * 2.0) + (bar / 6.1234)) - (x ^ 2.0)) AND ((n div 2) % 3) = ((1 + 2) * 3))"},
		{"negative coordinates and numbers", "S_INTERSECTS(geometry, POINT(-1.5 -2)) AND a > -3 AND b IN (-1, +2)",
			"(S_INTERSECTS(geometry, POINT(-1.5 -2)) AND a > -3 AND b IN (-1, 2))"},
		{"CASEI and ACCENTI", "casei(accenti(name)) like Casei(Accenti('%ÉTIENNE%')) and ACCENTI(kind) IN ('a', ACCENTI('é'))",
			"(CASEI(ACCENTI(name)) LIKE CASEI(ACCENTI('%ÉTIENNE%')) AND ACCENTI(kind) IN ('a', ACCENTI('é')))"},
		{"unicode names and spaces", "\tnom_é = 'x'\n", "nom_é = 'x'"},
		{"prefixed names", "ns:a.b = 1", "ns:a.b = 1"},
		{"property named like a function prefix", "s_x = 1", "s_x = 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(c.in, LangText)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			got := Text(e)
			if got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
			again, err := Parse(got, LangText)
			if err != nil {
				t.Fatalf("the canonical form does not parse: %v", err)
			}
			if Text(again) != got {
				t.Errorf("canonical form not stable: %s, then %s", got, Text(again))
			}
		})
	}
}

// TestParseTextErrors checks each malformed filter fails with an *Error
// at the right offset and a message saying why.
func TestParseTextErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		pos      int
		msg      string
	}{
		{"empty", "  ", 0, "empty"},
		{"dangling AND", "a = 1 AND", 9, "expected a property or a value"},
		{"missing operand", "a =", 3, "expected a property or a value"},
		{"no operator", "a 1", 2, "expected a comparison"},
		{"bare property", "employer", 8, "expected a comparison"},
		{"unclosed string", "a = 'x", 4, "never closed"},
		{"unclosed parenthesis", "(a = 1", 6, "expected ')'"},
		{"extra parenthesis", "a = 1)", 5, "after a complete filter"},
		{"unknown character", "a = 1 ; b", 6, "unexpected character"},
		{"bang equals", "a != 1", 2, "unexpected character"},
		{"keyword as operand", "a = AND", 4, "keyword AND"},
		{"NOT misplaced", "a NOT = 1", 6, "expected LIKE, IN or BETWEEN after NOT"},
		{"IS without NULL", "a IS 1", 5, "expected NULL"},
		{"empty IN", "a IN ()", 6, "expected a property or a value"},
		{"BETWEEN without AND", "a BETWEEN 1 OR 2", 12, "expected AND in BETWEEN"},
		{"unknown spatial function", "S_NEAR(geometry, POINT(1 2))", 0, "the spatial functions are S_INTERSECTS, S_CONTAINS"},
		{"unknown temporal function", "T_NEAR(start, DATE('2020-01-01'))", 0, "T_NEAR is not supported: the temporal functions are T_AFTER"},
		{"INTERVAL with one bound", "T_DURING(start, INTERVAL('2020-01-01'))", 37, "',' between the bounds of INTERVAL"},
		{"INTERVAL with a bad date", "T_DURING(start, INTERVAL('2020-13-01', '..'))", 25, "is not a date"},
		{"unknown array function", "A_INTERSECTS(domains, ('sport'))", 0, "the array functions are A_EQUALS, A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS"},
		{"array literal unclosed", "A_CONTAINS(domains, ('sport', 'culture')", 40, "')' closing A_CONTAINS"},
		{"bad date", "d = DATE('2020-13-01')", 9, "not a date"},
		{"bad timestamp", "d = TIMESTAMP('2020-01-01')", 14, "RFC 3339"},
		{"bbox of 3", "S_INTERSECTS(geometry, BBOX(1,2,3))", 23, "4 numbers"},
		{"bbox upside down", "S_INTERSECTS(geometry, BBOX(5,46,4,45))", 23, "exceeds"},
		{"bbox out of range", "S_INTERSECTS(geometry, BBOX(1,2,3,100))", 23, "outside CRS84"},
		{"four numbers", "S_INTERSECTS(geometry, POINT(1 2 3 4))", 35, "found a fourth"},
		{"M keyword", "S_INTERSECTS(geometry, POINT M(1 2 3))", 29, "measured geometries are not supported"},
		{"empty point", "S_INTERSECTS(geometry, POINT EMPTY)", 29, "empty"},
		{"open ring", "S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))", 30, "closed"},
		{"one-point line", "S_INTERSECTS(geometry, LINESTRING(1 1, 1 1))", 23, "two distinct points"},
		{"longitude out of range", "S_INTERSECTS(geometry, POINT(181 0))", 29, "outside CRS84"},
		{"huge number", "a = 1e999", 4, "out of range"},
		{"malformed number", "a = 1.2.3", 4, "malformed number"},
		{"sign alone", "a = -", 5, "expected a property or a value"},
		{"exponent without digits", "a = 1e", 4, "exponent"},
		{"invalid UTF-8", "a = 1 AND \xff", 10, "UTF-8"},
		{"empty quoted name", `"" = 1`, 0, "empty property name"},
		{"too deep", strings.Repeat("(", 100) + "a = 1" + strings.Repeat(")", 100), 64, "deeper"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(c.in, LangText)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): got %v, want an *Error", c.in, err)
			}
			if pe.Pos != c.pos || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("Parse(%q): got %q at %d, want %q at %d", c.in, pe.Msg, pe.Pos, c.msg, c.pos)
			}
		})
	}
	if _, err := Parse("a = 1", "cql-text"); err == nil {
		t.Error("an unknown language: got no error")
	}
}

// TestLikeMatch checks the pattern rules both stores follow.
func TestLikeMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"69%", "69123", true},
		{"69%", "6912", true},
		{"69%", "1691", false},
		{"%", "", true},
		{"_", "", false},
		{"_", "é", true},
		{"__", "é", false},
		{"%23", "69123", true},
		{"%2%3", "69123", true},
		{"6_1%", "69123", true},
		{"a\\%b", "a%b", true},
		{"a\\%b", "axb", false},
		{"a\\_b", "a_b", true},
		{"a\\\\b", "a\\b", true},
		{"%a%b%c%", "xaybzc", true},
		{"%a%b%c%", "xaybz", false},
		{"Lyon", "lyon", false},
		{"%é%", "Isère", false},
		{"%è%", "Isère", true},
		{"ab", "abc", false},
		{"abc", "ab", false},
		{"%%", "x", true},
	}
	for _, c := range cases {
		if got := LikeMatch(c.pattern, c.s); got != c.want {
			t.Errorf("LikeMatch(%q, %q): got %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}
