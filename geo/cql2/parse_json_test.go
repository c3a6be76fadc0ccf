package cql2

import (
	"errors"
	"strings"
	"testing"
)

// TestParseJSON reads cql2-json filters; each must print as the cql2-text
// filter meaning the same.
func TestParseJSON(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"equality", `{"op":"=","args":[{"property":"kind"},"association"]}`, "kind = 'association'"},
		{"and, or, not", `{"op":"and","args":[{"op":"or","args":[{"op":"<","args":[{"property":"a"},1]},
			{"op":">=","args":[{"property":"b"},2.5]}]},{"op":"not","args":[{"op":"isNull","args":[{"property":"c"}]}]}]}`,
			"((a < 1 OR b >= 2.5) AND NOT (c IS NULL))"},
		{"like, in, between", `{"op":"and","args":[{"op":"like","args":[{"property":"commune"},"69%"]},
			{"op":"in","args":[{"property":"kind"},["a","b"]]},{"op":"between","args":[{"property":"n"},1,2]}]}`,
			"(commune LIKE '69%' AND kind IN ('a', 'b') AND n BETWEEN 1 AND 2)"},
		{"instants and booleans", `{"op":"or","args":[{"op":"=","args":[{"date":"2020-01-31"},{"timestamp":"2020-01-31T00:00:00Z"}]},true]}`,
			"(DATE('2020-01-31') = TIMESTAMP('2020-01-31T00:00:00Z') OR TRUE)"},
		{"array functions", `{"op":"and","args":[{"op":"a_contains","args":[{"property":"domains"},["sport","culture"]]},
			{"op":"a_containedBy","args":[["a",["b",1],true],{"property":"x"}]},{"op":"a_equals","args":[{"property":"domains"},[]]}]}`,
			"(A_CONTAINS(domains, ('sport', 'culture')) AND A_CONTAINEDBY(('a', ('b', 1), TRUE), x) AND A_EQUALS(domains, ()))"},
		{"bbox", `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[4.8,45.7,4.9,45.8]}]}`,
			"S_INTERSECTS(geometry, BBOX(4.8, 45.7, 4.9, 45.8))"},
		{"polygon", `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}`,
			"S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))"},
		{"point, line, multi", `{"op":"or","args":[
			{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[4.84,45.76]}]},
			{"op":"s_intersects","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[1,2],[3,4]]}]},
			{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}]},
			{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]}]},
			{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]},
			{"op":"s_intersects","args":[{"property":"geometry"},{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}]}]}`,
			"(S_INTERSECTS(geometry, POINT(4.84 45.76)) OR S_INTERSECTS(geometry, LINESTRING(1 2, 3 4)) OR " +
				"S_INTERSECTS(geometry, MULTIPOINT(1 2, 3 4)) OR S_INTERSECTS(geometry, MULTILINESTRING((1 2, 3 4))) OR " +
				"S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))) OR S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2))))"},
		{"temporal", `{"op":"or","args":[{"op":"t_during","args":[{"interval":[{"property":"start"},{"property":"end"}]},{"interval":["2015-01-01",".."]}]},
			{"op":"t_after","args":[{"property":"start"},{"timestamp":"2020-01-01T08:00:00Z"}]}]}`,
			"(T_DURING(INTERVAL(start, end), INTERVAL(DATE('2015-01-01'), '..')) OR T_AFTER(start, TIMESTAMP('2020-01-01T08:00:00Z')))"},
		{"arithmetic", `{"op":"=","args":[{"property":"value"},{"op":"-","args":[{"op":"*","args":[{"op":"-","args":[{"property":"foo"}]},2.0]},{"op":"^","args":[{"property":"x"},2.0]}]}]}`,
			"value = (((- foo) * 2.0) - (x ^ 2.0))"},
		{"heights dropped, every spatial op", `{"op":"and","args":[
			{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,6],[0,0,5]]]}]},
			{"op":"s_equals","args":[{"type":"Point","coordinates":[1,2,3]},{"property":"geometry"}]},
			{"op":"s_disjoint","args":[{"property":"geometry"},{"bbox":[0,0,1,1]}]}]}`,
			"(S_WITHIN(geometry, POLYGON((0 0, 1 0, 1 1, 0 0))) AND S_EQUALS(POINT(1 2), geometry) AND S_DISJOINT(geometry, BBOX(0.0, 0.0, 1.0, 1.0)))"},
		{"property names needing quotes", `{"op":"=","args":[{"property":"a b"},{"property":"AND"}]}`, `"a b" = "AND"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(c.in, LangJSON)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := Text(e); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
			te, err := Parse(c.want, LangText)
			if err != nil || Text(te) != c.want {
				t.Errorf("the text form does not read back: %v", err)
			}
		})
	}
}

// TestParseJSONErrors checks the offsets point at the JSON value at fault.
func TestParseJSONErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		pos      int
		msg      string
	}{
		{"empty", " ", 0, "empty"},
		{"not JSON", `{"op":`, 6, "ends too early"},
		{"syntax", `{"op" "="}`, 6, "malformed JSON"},
		{"trailing text", `true true`, 5, "after the filter"},
		{"a value as the filter", `{"property":"a"}`, 0, "expected a predicate"},
		{"a string as the filter", `"a = 1"`, 0, "expected a predicate"},
		{"spatial op arity", `{"op":"s_within","args":[]}`, 24, "s_within takes 2 arguments"},
		{"unknown spatial op", `{"op":"s_near","args":[]}`, 6, "the spatial functions are S_INTERSECTS, S_CONTAINS"},
		{"function name no identifier", `{"op":"0","args":[[]]}`, 6, `"0" is not an operation of CQL2`},
		{"function name a literal word", `{"op":"true","args":[]}`, 6, `nor a function's name`},
		{"arithmetic as predicate", `{"op":"+","args":[1,2]}`, 6, `"+" is not an operation of CQL2 that stands for a predicate`},
		{"function of an array", `{"op":"A","args":[[]]}`, 18, "an argument of function A is an array"},
		{"function of an array, as operand", `{"op":"=","args":[{"op":"avg","args":[1,[2,3]]},1]}`, 40, "an argument of function avg is an array"},
		{"function name no identifier, as operand", `{"op":"=","args":[{"op":"1x","args":[]},1]}`, 18, "found an operation"},
		{"temporal op arity", `{"op":"t_during","args":[]}`, 24, "t_during takes 2 arguments"},
		{"interval of one bound", `{"op":"t_during","args":[{"property":"start"},{"interval":["2020-01-01"]}]}`, 46, "an interval is"},
		{"arity", `{"op":"=","args":[1]}`, 17, "takes 2 arguments"},
		{"and of one", `{"op":"and","args":[true]}`, 19, "2 arguments or more"},
		{"no args", `{"op":"not"}`, 0, "args"},
		{"extra member", `{"op":"not","args":[true],"x":1}`, 0, "unexpected member"},
		{"duplicate member", `{"op":"not","op":"and"}`, 12, "twice"},
		{"predicate as operand", `{"op":"=","args":[{"op":"and","args":[true,true]},1]}`, 18, "found an operation"},
		{"operand as predicate", `{"op":"and","args":[true,{"property":"a"}]}`, 25, "expected a predicate"},
		{"null", `{"op":"=","args":[{"property":"a"},null]}`, 35, "found null"},
		{"in list", `{"op":"in","args":[{"property":"a"},1]}`, 36, "non-empty array"},
		{"bad date", `{"op":"=","args":[{"date":"2020-02-30"},1]}`, 26, "not a date"},
		{"bad bbox", `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[1,2,3]}]}`, 61, "4 numbers"},
		{"4D position", `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1,2,3,4]}]}`, 83, "or [longitude, latitude, height]"},
		{"open ring", `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}]}`, 85, "closed"},
		{"unknown geometry", `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Circle","coordinates":[]}]}`, 61, "not a GeoJSON geometry type"},
		{"too deep", strings.Repeat(`{"op":"not","args":[`, 70) + "true" + strings.Repeat("]}", 70), 640, "deeper"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(c.in, LangJSON)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%s): got %v, want an *Error", c.in, err)
			}
			if pe.Pos != c.pos || !strings.Contains(pe.Msg, c.msg) {
				t.Errorf("Parse(%s): got %q at %d, want %q at %d", c.in, pe.Msg, pe.Pos, c.msg, c.pos)
			}
		})
	}
}
