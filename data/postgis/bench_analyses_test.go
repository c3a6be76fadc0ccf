package postgis

import (
	"context"
	"os"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/geo"
)

// benchStore is the store the analysis benchmarks run on: the database at
// MAILLAGE_BENCH_DATABASE_URL as loaded (e.g. by `maillage demo load
// --scale 100`, 1.2 M partnerships), else a fresh database of the test
// cluster holding the demo. Statements have no timeout: a national
// observatory takes longer than a request may.
func benchStore(b *testing.B) *Store {
	b.Helper()
	ctx := context.Background()
	if url := os.Getenv("MAILLAGE_BENCH_DATABASE_URL"); url != "" {
		s, err := Open(ctx, Config{URL: url, MaxConns: 2, StatementTimeout: -1})
		if err != nil {
			b.Fatalf("Open: %v", err)
		}
		b.Cleanup(s.Close)
		return s
	}
	s, _ := newTestStore(b)
	ds, err := demo.Load()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.LoadDataset(ctx, ds, nil); err != nil {
		b.Fatal(err)
	}
	return s
}

// reportPartnerships adds the size of the data a benchmark ran on to its
// figures.
func reportPartnerships(b *testing.B, s *Store) {
	b.Helper()
	n, err := s.CountItems(context.Background(), data.CollectionPartnerships, data.ItemsQuery{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n), "partnerships")
}

// BenchmarkCoverageCommunes is the part of the ranking read from the
// summary table: every commune's partnerships per domain, today's (what
// the summaries count).
func BenchmarkCoverageCommunes(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Coverage(ctx, geo.LevelCommune, nil, data.Today(ctx)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVersion compares the two ways a request gets the data version
// (version_watch.go), 8 callers at once: the version kept by the
// database's notifications, and a read shared with the callers waiting
// (what a request carrying a log position does, and every request did
// before the listener). The ratio is the cost the listener takes off each
// request that needs nothing else of the database, an answer from the
// response cache or a 304.
func BenchmarkVersion(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	waitKept(b, s, "before the benchmark", func(data.Version) bool { return true })
	for _, c := range []struct {
		name string
		ctx  context.Context
	}{{"kept", ctx}, {"read", data.WithReadAfter(ctx, 1)}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := s.Version(c.ctx); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
