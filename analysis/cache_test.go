package analysis_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// slowStore counts Coverage reads (one per gap ranking computed), makes
// each one slow enough for concurrent requests to overlap, and reports the
// version it is told.
type slowStore struct {
	data.Store
	coverage atomic.Int64
	version  atomic.Uint64
}

func (s *slowStore) Coverage(ctx context.Context, l geo.Level, within *data.TerritoryRef, during *data.Interval) ([]data.TerritoryCoverage, error) {
	s.coverage.Add(1)
	time.Sleep(50 * time.Millisecond)
	return s.Store.Coverage(ctx, l, within, during)
}

func (s *slowStore) Version(context.Context) (data.Version, error) {
	return data.Version{N: s.version.Load(), Changed: time.Unix(1_700_000_000, 0)}, nil
}

func newSlowStore(t *testing.T) *slowStore {
	t.Helper()
	m, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	s := &slowStore{Store: m}
	s.version.Store(1)
	return s
}

// TestCacheComputesOncePerVersion: concurrent requests for one missing
// ranking compute it once; later ones are served from the cache (the
// counters say so); a new data version computes it again, and the older
// version's entries are dropped.
func TestCacheComputesOncePerVersion(t *testing.T) {
	t.Parallel()
	st := newSlowStore(t)
	an := analysis.New(st, analysis.Config{})
	ctx := context.Background()
	rank := func() {
		if _, err := an.RankGaps(ctx, geo.LevelDepartement, geo.DomainAll, nil, nil); err != nil {
			t.Error(err)
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(rank)
	}
	wg.Wait()
	if n := st.coverage.Load(); n != 1 {
		t.Errorf("8 concurrent requests computed the ranking %d times, want once", n)
	}
	rank()
	if n := st.coverage.Load(); n != 1 {
		t.Errorf("a ninth request computed it again (%d computations)", n)
	}
	s := an.CacheStats()
	if s.Misses < 1 || s.Hits < 1 || s.Entries < 1 || s.Bytes == 0 || s.LimitBytes != analysis.DefaultCacheBytes {
		t.Errorf("stats %+v: want a miss, hits, entries with a size, the default limit", s)
	}
	entries := s.Entries // the ranking and the indicator values it read

	st.version.Store(2)
	rank()
	if n := st.coverage.Load(); n != 2 {
		t.Errorf("after a new version: %d computations, want 2", n)
	}
	if s := an.CacheStats(); s.Entries != entries {
		t.Errorf("%d entries after the new version, want %d: the older version's dropped", s.Entries, entries)
	}
	// A request fixed at an older version (it read the version before the
	// change) is computed, not served the newer answer's entry.
	old := data.WithVersion(ctx, data.Version{N: 1})
	if _, err := an.RankGaps(old, geo.LevelDepartement, geo.DomainAll, nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := st.coverage.Load(); n != 3 {
		t.Errorf("a request of version 1 after version 2: %d computations, want 3", n)
	}
}

// TestCacheOff: a negative bound keeps nothing.
func TestCacheOff(t *testing.T) {
	t.Parallel()
	st := newSlowStore(t)
	an := analysis.New(st, analysis.Config{CacheBytes: -1})
	for range 3 {
		if _, err := an.RankGaps(context.Background(), geo.LevelDepartement, geo.DomainAll, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := st.coverage.Load(); n != 3 {
		t.Errorf("%d computations for 3 requests without a cache, want 3", n)
	}
	if s := an.CacheStats(); s != (analysis.CacheStats{}) {
		t.Errorf("stats %+v without a cache", s)
	}
}

// TestCacheBound: answers beyond the bound are evicted, so the cache never
// holds much more than its limit.
func TestCacheBound(t *testing.T) {
	t.Parallel()
	st := newSlowStore(t)
	const limit = 64 << 10
	an := analysis.New(st, analysis.Config{CacheBytes: limit})
	ctx := context.Background()
	for _, code := range []string{"69", "01", "38", "75", "84", "974"} {
		// Each portrait weighs 16 KiB in the estimate; six are 96 KiB.
		if _, err := an.Portrait(ctx, geo.LevelDepartement, code, nil); err != nil {
			t.Fatalf("portrait %s: %v", code, err)
		}
	}
	if s := an.CacheStats(); s.Bytes > limit || s.Evictions == 0 {
		t.Errorf("the cache holds %d bytes (limit %d) after %d evictions, want some evicted", s.Bytes, limit, s.Evictions)
	}
}

// valueReads counts the indicator values a store reads.
type valueReads struct {
	data.Store
	n atomic.Int64
}

func (s *valueReads) IndicatorValues(ctx context.Context, id string, l geo.Level, year int) (map[string]float64, error) {
	s.n.Add(1)
	return s.Store.IndicatorValues(ctx, id, l, year)
}

// TestIndicatorValuesOutliveOtherWrites, on PostGIS: indicator values kept
// by the analysis layer stay valid when partnerships or actors change (the
// data version moves, the indicators' version does not), and are read again,
// with the new value, when an indicator value changes.
func TestIndicatorValuesOutliveOtherWrites(t *testing.T) {
	t.Parallel()
	ps := newPostGIS(t)
	ctx := context.Background()
	if err := ps.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	st := &valueReads{Store: ps}
	an := analysis.New(st, analysis.Config{})
	read := func() float64 {
		t.Helper()
		v, err := an.IndicatorValues(ctx, "chomage", geo.LevelCommune, 2023)
		if err != nil {
			t.Fatal(err)
		}
		return v["69123"]
	}
	version := func() data.Version {
		t.Helper()
		v, err := ps.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first, before := read(), version()
	if _, err := ps.Import(ctx, data.ImportRequest{Kind: data.ImportPartnerships, Name: "p.csv", Body: strings.NewReader(
		"id,actor_a,actor_b,category,domain,start,end\n900,1,10,mecenat,culture,2024-03-01,\n")}); err != nil {
		t.Fatal(err)
	}
	after := version()
	if after.N == before.N || after.Indicators != before.Indicators {
		t.Fatalf("a partnership import: version %+v -> %+v, want N moved and Indicators kept", before, after)
	}
	if got := read(); got != first || st.n.Load() != 1 {
		t.Errorf("after a partnership import: value %g (was %g), %d reads, want the kept one", got, first, st.n.Load())
	}
	if _, err := ps.Import(ctx, data.ImportRequest{Kind: data.ImportIndicatorValues, Name: "v.csv", Body: strings.NewReader(
		"indicator,territory,year,value,numerator,denominator\nchomage,69123,2023,11,22,200\n")}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v.Indicators == after.Indicators {
		t.Fatalf("an indicator import left the indicators' version at %d", v.Indicators)
	}
	if got := read(); got != 11 || st.n.Load() != 2 {
		t.Errorf("after an indicator import: value %g, %d reads, want 11 read again", got, st.n.Load())
	}
}

// TestCacheKeepsEachDay: an answer counting today's partnerships without
// saying so in its arguments (the suggestions rank today's gaps) is kept
// per day: the next day computes it again, though the embedded store's
// version never changes.
func TestCacheKeepsEachDay(t *testing.T) {
	t.Parallel()
	s := newSlowStore(t)
	an := analysis.New(s, analysis.Config{})
	lyon := data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}
	day := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, c := range []struct {
		day   time.Time
		reads int64
	}{{day, 1}, {day, 1}, {day.AddDate(0, 0, 1), 2}, {day.AddDate(0, 0, 1), 2}} {
		ctx := data.WithToday(context.Background(), c.day)
		if _, err := an.SuggestMatches(ctx, lyon, geo.DomainInsertionEmploi, 50, 5); err != nil {
			t.Fatal(err)
		}
		if got := s.coverage.Load(); got != c.reads {
			t.Errorf("request %d (%s): %d coverage reads, want %d", i+1, c.day.Format(time.DateOnly), got, c.reads)
		}
	}
}
