package postgis

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// demoFlowQueries are the filter sets the demo flows are compared on.
func demoFlowQueries() []struct {
	name string
	q    data.ItemsQuery
} {
	eq := func(name, value string) []data.PropertyFilter {
		return []data.PropertyFilter{{Name: name, Value: value}}
	}
	return []struct {
		name string
		q    data.ItemsQuery
	}{
		{"all", data.ItemsQuery{}},
		{"regional scale", data.ItemsQuery{Equals: eq("scale", "regional")}},
		{"mecenat since 2020", data.ItemsQuery{Equals: eq("category", "mecenat"), During: &data.Interval{Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}}},
		{"touching the Rhône", data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}}},
		{"touching Auvergne-Rhône-Alpes", data.ItemsQuery{Touches: &data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}}},
		{"bbox over Paris", data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}}}},
	}
}

// compareDemoFlows runs Flows on both stores holding the demo: at every
// level and for several filter sets, the same flows, territory totals and
// unplaced count (so the same top flow and internal counts), conserving
// the partnerships CountItems matches, and anchors at the same points.
func compareDemoFlows(t *testing.T, mem, pg data.Store) {
	ctx := context.Background()
	for _, level := range data.FlowLevels() {
		for _, c := range demoFlowQueries() {
			want, err := mem.Flows(ctx, level, c.q)
			if err != nil {
				t.Fatalf("memory Flows(%s, %s): %v", level, c.name, err)
			}
			got, err := pg.Flows(ctx, level, c.q)
			if err != nil {
				t.Fatalf("PostGIS Flows(%s, %s): %v", level, c.name, err)
			}
			matched, err := pg.CountItems(ctx, data.CollectionPartnerships, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if n := flowTotal(got); int64(n) != matched {
				t.Errorf("%s, %s: flows + internal + unplaced = %d, want %d matched", level, c.name, n, matched)
			}
			if n := flowTotal(want); int64(n) != matched {
				t.Errorf("%s, %s: embedded flows + internal + unplaced = %d, want %d matched", level, c.name, n, matched)
			}
			if len(got.Flows) > 0 && len(want.Flows) > 0 && !reflect.DeepEqual(got.Flows[0], want.Flows[0]) {
				t.Errorf("%s, %s: top flow %+v, embedded %+v", level, c.name, got.Flows[0], want.Flows[0])
			}
			ga, wa := got.Anchors, want.Anchors
			got.Anchors, want.Anchors = nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: PostGIS and embedded summaries differ (%d/%d flows, %d/%d territories, %d/%d unplaced)", level, c.name,
					len(got.Flows), len(want.Flows), len(got.Territories), len(want.Territories), got.Unplaced, want.Unplaced)
			}
			for code, w := range wa {
				g := ga[code]
				if g.Name != w.Name || !nearPoint(g.Point, w.Point) {
					t.Errorf("%s, %s: anchor of %s: PostGIS %+v, embedded %+v", level, c.name, code, g, w)
				}
			}
			if c.name == "all" {
				t.Logf("%s: %d flows, top %s–%s (%d), %d territories, %d unplaced", level, len(got.Flows),
					got.Flows[0].A, got.Flows[0].B, got.Flows[0].Count, len(got.Territories), got.Unplaced)
			}
		}
	}
}

func flowTotal(s geo.FlowSummary) int {
	n := s.Unplaced
	for _, f := range s.Flows {
		n += f.Count
	}
	for _, t := range s.Territories {
		n += t.Internal
	}
	return n
}

// nearPoint allows the last bits of ST_PointOnSurface's arithmetic.
func nearPoint(a, b orb.Point) bool {
	const tol = 1e-7
	return a[0]-b[0] < tol && b[0]-a[0] < tol && a[1]-b[1] < tol && b[1]-a[1] < tol
}

// BenchmarkFlowsDepartement measures the national flows between
// départements, unfiltered: the map's first view. It runs on the database
// at MAILLAGE_BENCH_DATABASE_URL as loaded (e.g. by `maillage demo load
// --scale 100`, 1.2 M partnerships), else on a fresh database of the test
// cluster holding the demo.
func BenchmarkFlowsDepartement(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	reportPartnerships(b, s)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Flows(ctx, geo.LevelDepartement, data.ItemsQuery{}); err != nil {
			b.Fatal(err)
		}
	}
}
