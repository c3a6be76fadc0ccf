package analysis_test

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// movingStore is a store whose data version moves at every read while its
// indicators' version stays, as after writes of partnerships; drop, when
// set, hides a territory from Coverage (the check the aligned values make
// before they are reused).
type movingStore struct {
	data.Store
	n    atomic.Uint64
	drop atomic.Value // string
}

func (s *movingStore) Version(context.Context) (data.Version, error) {
	return data.Version{N: 100 + s.n.Add(1), Indicators: 1}, nil
}

func (s *movingStore) Coverage(ctx context.Context, level geo.Level, within *data.TerritoryRef, during *data.Interval) ([]data.TerritoryCoverage, error) {
	cs, err := s.Store.Coverage(ctx, level, within, during)
	if code, _ := s.drop.Load().(string); code != "" {
		for i, c := range cs {
			if c.Code == code {
				return append(cs[:i:i], cs[i+1:]...), err
			}
		}
	}
	return cs, err
}

// TestGapValuesReused: a ranking after a write reuses the indicator values
// aligned by the one before, and gives what a ranking without any cache
// gives; so does one whose territories differ, which aligns them anew.
func TestGapValuesReused(t *testing.T) {
	mem, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	st := &movingStore{Store: mem}
	cached := analysis.New(st, analysis.Config{})
	fresh := analysis.New(st, analysis.Config{CacheBytes: -1})
	ctx := context.Background()
	for _, step := range []struct{ name, drop string }{{"first", ""}, {"after a write", ""}, {"one territory fewer", "69"}, {"back", ""}} {
		st.drop.Store(step.drop)
		got, err := cached.RankGaps(ctx, geo.LevelDepartement, geo.DomainAll, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := fresh.RankGaps(ctx, geo.LevelDepartement, geo.DomainAll, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) == 0 || !reflect.DeepEqual(got.Rows, want.Rows) {
			t.Errorf("%s: the cached analyst ranks\n%+v\nwithout cache\n%+v", step.name, got.Rows, want.Rows)
		}
	}
}
