package memory

import (
	"context"
	"slices"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TestVersionIsADigestOfTheRows: two stores of the same rows agree on the
// version (two processes serving one dataset give the same ETags); a change
// to any row, or to an indicator value, gives another.
func TestVersionIsADigestOfTheRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	version := func(ds *dataset.Dataset) uint64 {
		t.Helper()
		s, err := New(ds)
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.Version(ctx)
		if err != nil || v.Changed.IsZero() {
			t.Fatalf("Version: %+v, %v", v, err)
		}
		return v.N
	}
	base := version(storetest.Fixture())
	if again := version(storetest.Fixture()); again != base {
		t.Errorf("the same rows give versions %d and %d", base, again)
	}
	renamed := storetest.Fixture()
	renamed.Actors[3].Name += " bis"
	moved := storetest.Fixture()
	moved.IndicatorValues[0].Value++
	// A commune's text is not kept (collection.render): the digest reads
	// the geometry itself.
	reshaped := storetest.Fixture()
	commune := slices.IndexFunc(reshaped.Territories, func(t geo.Territory) bool { return t.Level == geo.LevelCommune })
	if commune < 0 || !renderWhenRead(geo.LevelCommune) {
		t.Fatal("the fixture needs a commune, written when read")
	}
	shape := orb.Clone(reshaped.Territories[commune].Geometry)
	switch g := shape.(type) {
	case orb.MultiPolygon:
		g[0][0][1][0] += 0.001
	case orb.Point:
		shape = orb.Point{g[0] + 0.001, g[1]}
	default:
		t.Fatalf("commune geometry %T", g)
	}
	reshaped.Territories[commune].Geometry = shape
	for name, ds := range map[string]*dataset.Dataset{"actor renamed": renamed, "indicator value": moved, "contour": reshaped} {
		if v := version(ds); v == base {
			t.Errorf("%s: version unchanged (%d)", name, v)
		}
	}
}
