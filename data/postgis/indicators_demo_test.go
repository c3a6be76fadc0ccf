package postgis

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
)

// TestIndicatorValuesDemo loads the demo and checks that the SQL roll-ups
// give the embedded store's values (geo.Rollup) for every indicator and
// level, within 1e-9 relative, and the same national values. It logs the
// best of five timings of a commune-level and a région-level read. Skipped
// with -short: loading the demo takes seconds.
func TestIndicatorValuesDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loading the demo takes seconds; skipped with -short")
	}
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newTestStore(t)
	ctx := context.Background()
	if err := s.LoadDataset(ctx, ds, nil); err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for _, ind := range ds.Indicators {
		for _, level := range geo.Levels {
			got, err := s.IndicatorValues(ctx, ind.ID, level, 0)
			if err != nil {
				t.Fatal(err)
			}
			want, err := mem.IndicatorValues(ctx, ind.ID, level, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || len(want) == 0 {
				t.Errorf("%s by %s: PostGIS has %d values, memory %d", ind.ID, level, len(got), len(want))
				continue
			}
			for code, w := range want {
				if g, ok := got[code]; !ok || !near(g, w) {
					t.Errorf("%s by %s, %s: PostGIS %v, memory %v", ind.ID, level, code, g, w)
					break
				}
			}
		}
		got, err := s.IndicatorNational(ctx, ind.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := mem.IndicatorNational(ctx, ind.ID, 0)
		if !near(got, want) {
			t.Errorf("%s national: PostGIS %v, memory %v", ind.ID, got, want)
		}
	}
	for _, level := range []geo.Level{geo.LevelCommune, geo.LevelRegion} {
		var times []time.Duration
		for range 5 {
			start := time.Now()
			if _, err := s.IndicatorValues(ctx, "chomage", level, 0); err != nil {
				t.Fatal(err)
			}
			times = append(times, time.Since(start))
		}
		t.Logf("IndicatorValues(chomage, %s) on the demo: best of 5 %v (all %v)", level, slices.Min(times), times)
	}
}
