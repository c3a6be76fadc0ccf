package dataset_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/paulmach/orb"
)

func TestAppendCoordinate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    float64
		want string
	}{
		{2.35, "2.35"}, {45, "45"}, {-0.0, "0"}, {-1e-9, "0"}, {4.83571234, "4.8357123"},
		{4.83571236, "4.8357124"}, {4.83571235, "4.8357123"} /* stored just below the half */, {-61.0000001, "-61.0000001"}, {179.99999999, "180"}, {math.NaN(), "null"},
	}
	for _, c := range cases {
		if got := string(dataset.AppendCoordinate(nil, c.v)); got != c.want {
			t.Errorf("AppendCoordinate(%v): got %s, want %s", c.v, got, c.want)
		}
	}
}

func TestAppendNumber(t *testing.T) {
	t.Parallel()
	for _, v := range []float64{0, 1, -2.5, 0.1, 1e-7, 123456789.125, 1e21, 11.428571428571429, 5e-324} {
		got := dataset.AppendNumber(nil, v)
		want, _ := json.Marshal(v)
		if string(got) != string(want) {
			t.Errorf("AppendNumber(%v): got %s, want %s as encoding/json writes", v, got, want)
		}
	}
}

func TestAppendString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "Saint-Étienne", `quote " and \ backslash`, "tab\tnewline\n\x01", "bad \xff utf8", "ligne\u2028séparée", "<b>&</b>"} {
		got := dataset.AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("AppendString(%q) = %s is not valid JSON: %v", s, got, err)
			continue
		}
		want, _ := json.Marshal(s) // encoding/json also repairs bad UTF-8 to U+FFFD
		var wantBack string
		json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("AppendString(%q) reads back %q, want %q", s, back, wantBack)
		}
	}
}

func TestAppendGeometry(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		g    orb.Geometry
		want string
	}{
		{"nil", nil, `null`},
		{"point", orb.Point{2.3522219, 48.856614}, `{"type":"Point","coordinates":[2.3522219,48.856614]}`},
		{"line", orb.LineString{{1, 2}, {3.12345678, 4}}, `{"type":"LineString","coordinates":[[1,2],[3.1234568,4]]}`},
		{"multipolygon", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`},
		{"bound", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`},
		{"collection", orb.Collection{orb.Point{1, 1}}, `{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,1]}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := string(dataset.AppendGeometry(nil, c.g)); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
