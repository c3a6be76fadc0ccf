package analysis_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/paulmach/orb"
)

// gatedCounts holds every CountItems until its gate opens, and counts
// them.
type gatedCounts struct {
	data.Store
	gate  chan struct{}
	calls atomic.Int64
}

func (s *gatedCounts) CountItems(ctx context.Context, collection string, q data.ItemsQuery) (int64, error) {
	s.calls.Add(1)
	select {
	case <-s.gate:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return s.Store.CountItems(ctx, collection, q)
}

// TestCountLater: CountLater runs at most two counts at once and refuses
// a third; once they end, the cache holds them (HoldsCount), and
// CountItems answers from it without counting again; a refused count
// starts once a slot is free; with the cache off nothing starts and
// nothing is held.
func TestCountLater(t *testing.T) {
	t.Parallel()
	m, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	st := &gatedCounts{Store: m, gate: make(chan struct{})}
	an := analysis.New(st, analysis.Config{})
	ctx := context.Background()
	box := func(w float64) data.ItemsQuery {
		return data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{-5, 41}, Max: orb.Point{w, 51.5}}}
	}
	queries := []data.ItemsQuery{box(10), box(5), box(2)}
	const col = data.CollectionActors
	if an.HoldsCount(ctx, col, queries[0]) {
		t.Fatal("a count is held before any was taken")
	}
	for i, want := range []bool{true, true, false} {
		if got := an.CountLater(ctx, time.Minute, st, col, queries[i]); got != want {
			t.Errorf("CountLater of query %d: started %v, want %v (two slots)", i, got, want)
		}
	}
	close(st.gate)
	held := func(q data.ItemsQuery) bool {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if an.HoldsCount(ctx, col, q) {
				return true
			}
		}
		return false
	}
	for i, q := range queries[:2] {
		if !held(q) {
			t.Fatalf("the count of query %d is not held once counted", i)
		}
		want, err := m.CountItems(ctx, col, q)
		if err != nil {
			t.Fatal(err)
		}
		before := st.calls.Load()
		if got, err := an.CountItems(ctx, st, col, q); err != nil || got != want || st.calls.Load() != before {
			t.Errorf("CountItems of query %d: %d, %v, %d counts more; want %d from the cache", i, got, err, st.calls.Load()-before, want)
		}
	}
	// The slots free once their counts end (just after the cache holds them).
	started := false
	for deadline := time.Now().Add(10 * time.Second); !started && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		started = an.CountLater(ctx, time.Minute, st, col, queries[2])
	}
	if !started || !held(queries[2]) {
		t.Errorf("the refused count: started %v, held %v once the slots are free", started, an.HoldsCount(ctx, col, queries[2]))
	}

	off := analysis.New(st, analysis.Config{CacheBytes: -1})
	if off.CountLater(ctx, time.Minute, st, col, queries[0]) || off.HoldsCount(ctx, col, queries[0]) {
		t.Error("with the cache off, a count started or is held")
	}
}
