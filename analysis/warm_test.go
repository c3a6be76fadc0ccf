package analysis_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// levelReads counts the reads Warm is there to take off the first
// requests: indicator values and territory profiles.
type levelReads struct {
	data.Store
	values, profiles atomic.Int64
}

func (s *levelReads) IndicatorValues(ctx context.Context, id string, l geo.Level, year int) (map[string]float64, error) {
	s.values.Add(1)
	return s.Store.IndicatorValues(ctx, id, l, year)
}

func (s *levelReads) TerritoryProfiles(ctx context.Context, l geo.Level) ([]geo.Territory, error) {
	s.profiles.Add(1)
	return s.Store.TerritoryProfiles(ctx, l)
}

// TestWarm: after Warm, the portraits of a commune and of a département
// and the gap rankings of their levels read no indicator value and no
// profile from the store: Warm read them all, on both stores.
func TestWarm(t *testing.T) {
	onBothStores(t, func() (*dataset.Dataset, error) { return storetest.Fixture(), nil }, func(t *testing.T, c storeCase) {
		ctx := context.Background()
		st := &levelReads{Store: c.store}
		an := analysis.New(st, analysis.Config{})
		if err := an.Warm(ctx); err != nil {
			t.Fatal(err)
		}
		values, profiles := st.values.Load(), st.profiles.Load()
		if values == 0 || profiles == 0 {
			t.Fatalf("Warm read %d indicator values and %d profiles, want some of each", values, profiles)
		}
		for _, tr := range []struct {
			level geo.Level
			code  string
		}{{geo.LevelCommune, "69123"}, {geo.LevelDepartement, "69"}} {
			if _, err := an.Portrait(ctx, tr.level, tr.code, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := an.RankGaps(ctx, tr.level, geo.DomainAll, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		if st.values.Load() != values || st.profiles.Load() != profiles {
			t.Errorf("after Warm, two portraits and rankings read %d indicator values and %d profiles more, want none",
				st.values.Load()-values, st.profiles.Load()-profiles)
		}
	})
}
