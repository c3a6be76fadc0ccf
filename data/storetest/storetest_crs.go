package storetest

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// crsTolerance is how far a served position may be from the stored one
// projected by geo: in degrees, the 7-decimal rounding (as coordTolerance);
// in metres 1 cm, the half-centimetre of rounding to 2 decimals plus
// PROJ's and geo's differences, which are far below a millimetre (PostGIS
// computes with PROJ, the embedded store with geo).
func crsTolerance(crs geo.CRS) float64 {
	if crs.Projected() {
		return 0.01
	}
	return coordTolerance
}

// testItemsCRS asks every collection in every CRS: the same features with
// the same properties as in CRS84, positions where geo puts the stored
// ones (EPSG:4326 lat/lon), coordinates written with
// data.CoordinateDecimals, and Item giving the very bytes Items gives.
func testItemsCRS(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, crs := range geo.CRSs() {
		proj := crs.Projection()
		for _, c := range collections() {
			t.Run(crs.String()+"/"+c, func(t *testing.T) {
				want := o.features(c)
				var texts [][]byte
				got := items(t, s, c, data.ItemsQuery{CRS: crs})
				err := s.Items(ctx, c, data.ItemsQuery{CRS: crs}, func(b []byte) error {
					texts = append(texts, slices.Clone(b))
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), wantIDs(want)) {
					t.Fatalf("ids: got %v, want %v", ids(got), wantIDs(want))
				}
				for i, w := range want {
					wantGeom := proj.Geometry(w.geom)
					if d, ok := geometryGap(got[i].geom, wantGeom); !ok || d > crsTolerance(crs) {
						t.Errorf("feature %v: geometry %v, want %v (gap %.3g, tolerance %g)", w.id, got[i].geom, wantGeom, d, crsTolerance(crs))
					}
					w.geom = got[i].geom // compared above; the rest as in CRS84
					for _, d := range diffFeature(got[i], w, propertyNames(c)) {
						t.Errorf("feature %v: %s", w.id, d)
					}
					if n := maxDecimals(texts[i]); n > data.CoordinateDecimals(crs) {
						t.Errorf("feature %v: a coordinate has %d decimals, want at most %d: %s", w.id, n, data.CoordinateDecimals(crs), texts[i])
					}
					one, err := s.Item(ctx, c, idString(w.id), crs)
					if err != nil || !bytes.Equal(one, texts[i]) {
						t.Errorf("Item(%s, %v, %s): got %s, %v, want the bytes Items gave: %s", c, w.id, crs, one, err, texts[i])
					}
				}
			})
		}
	}
	noop := func([]byte) error { return nil }
	if err := s.Items(ctx, data.CollectionActors, data.ItemsQuery{CRS: geo.CRS(99)}, noop); err == nil {
		t.Error("Items in an invalid CRS: got no error")
	}
	if _, err := s.Item(ctx, data.CollectionActors, "1", geo.CRS(99)); err == nil {
		t.Error("Item in an invalid CRS: got no error")
	}
}

// geometryGap is the largest distance between matching positions of two
// geometries of the same shape; ok is false when the shapes differ.
func geometryGap(a, b orb.Geometry) (gap float64, ok bool) {
	if a == nil || b == nil || a.GeoJSONType() != b.GeoJSONType() {
		return 0, false
	}
	var pa, pb []orb.Point
	var shapeA, shapeB []int
	flatten(a, &pa, &shapeA)
	flatten(b, &pb, &shapeB)
	if !slices.Equal(shapeA, shapeB) || len(pa) != len(pb) {
		return 0, false
	}
	for i := range pa {
		gap = math.Max(gap, math.Hypot(pa[i][0]-pb[i][0], pa[i][1]-pb[i][1]))
	}
	return gap, true
}

// maxDecimals is the most decimals of a number in a feature's geometry
// member.
func maxDecimals(feature []byte) int {
	start := bytes.Index(feature, []byte(`"geometry":`))
	end := bytes.Index(feature, []byte(`"properties":`))
	if start < 0 || end < start {
		return 0
	}
	number := regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`)
	most := 0
	for _, m := range number.FindAllSubmatch(feature[start:end], -1) {
		most = max(most, max(len(m[1])-1, 0))
	}
	return most
}
