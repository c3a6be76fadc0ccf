package postgis

import (
	"context"
	"errors"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// contoursFile gives Lyon and Villeurbanne, the two communes of the
// fixture's Métropole de Lyon, adjacent squares sharing an edge (two
// vertices); the third feature is bad when bad is set.
func contoursFile(bad string) string {
	features := []string{
		`{"type":"Feature","id":"69123","properties":{},"geometry":{"type":"Polygon","coordinates":[[[4.80,45.74],[4.86,45.74],[4.86,45.78],[4.80,45.78],[4.80,45.74]]]}}`,
		`{"type":"Feature","properties":{"code":"69266"},"geometry":{"type":"MultiPolygon","coordinates":[[[[4.86,45.74],[4.92,45.74],[4.92,45.78],[4.86,45.78],[4.86,45.74]]]]}}`,
	}
	if bad != "" {
		features = append(features, bad)
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// areaOf is the area of a MultiPolygon (shells less holes), in square
// degrees.
func areaOf(t *testing.T, g orb.Geometry) float64 {
	t.Helper()
	mp, ok := g.(orb.MultiPolygon)
	if !ok {
		t.Fatalf("geometry %T, want a MultiPolygon", g)
	}
	a := 0.0
	for _, p := range mp {
		a += math.Abs(planar.Area(p[0]))
		for _, h := range p[1:] {
			a -= math.Abs(planar.Area(h))
		}
	}
	return a
}

func TestImportContours(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	dep, err := s.Territory(ctx, geo.LevelDepartement, "69")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Import(ctx, data.ImportRequest{Kind: data.ImportContours, Name: "contours.geojson", Body: strings.NewReader(contoursFile(""))})
	if err != nil || res.Rows != 2 {
		t.Fatalf("import: %+v, %v; want 2 rows", res, err)
	}
	square := 0.06 * 0.04
	for _, c := range []struct {
		level geo.Level
		code  string
		area  float64
	}{
		{geo.LevelCommune, "69123", square},
		{geo.LevelCommune, "69266", square},
		// Both its communes are areas now: the EPCI is their union, one
		// rectangle.
		{geo.LevelEPCI, "200046977", 2 * square},
	} {
		tr, err := s.Territory(ctx, c.level, c.code)
		if err != nil {
			t.Fatal(err)
		}
		if a := areaOf(t, tr.Geometry); math.Abs(a-c.area) > 1e-9 || tr.Approximate {
			t.Errorf("%s %s: area %v, approximate %v; want %v, false", c.level, c.code, a, tr.Approximate, c.area)
		}
		if mp := tr.Geometry.(orb.MultiPolygon); c.level == geo.LevelEPCI && (len(mp) != 1 || len(mp[0]) != 1) {
			t.Errorf("the EPCI is %d polygons (first of %d rings), want one rectangle", len(mp), len(mp[0]))
		}
	}
	// The Rhône has communes still points: it keeps its area.
	if after, err := s.Territory(ctx, geo.LevelDepartement, "69"); err != nil || !orb.Equal(after.Geometry, dep.Geometry) {
		t.Errorf("département 69 changed (%v): %v, want %v", err, after.Geometry, dep.Geometry)
	}

	before := digests(t, s)
	for _, bad := range []struct{ name, feature, reason string }{
		{"unknown commune", `{"type":"Feature","id":"69999","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`, "not known"},
		{"a département's code", `{"type":"Feature","id":"69","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`, "not a valid commune code"},
		{"a point", `{"type":"Feature","id":"69243","geometry":{"type":"Point","coordinates":[4.4,45.9]}}`, "geometry type"},
		{"twice", `{"type":"Feature","id":"69123","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`, "duplicate"},
	} {
		_, err := s.Import(ctx, data.ImportRequest{Kind: data.ImportContours, Name: "contours.geojson", Body: strings.NewReader(contoursFile(bad.feature))})
		var ie *data.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 || !strings.Contains(ie.Rows[0].Reason, bad.reason) {
			t.Errorf("%s: %v, want one bad row at line 3 saying %q", bad.name, err, bad.reason)
		}
	}
	if after := digests(t, s); !maps.Equal(before, after) {
		t.Errorf("tables changed by rejected imports:\nbefore %v\nafter  %v", before, after)
	}
}
