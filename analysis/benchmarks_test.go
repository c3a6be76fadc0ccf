package analysis_test

import (
	"context"
	"os"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/geo"
)

// benchStore is the store the analysis benchmarks run on: the database at
// MAILLAGE_BENCH_DATABASE_URL as loaded (e.g. by `maillage demo load
// --scale 100`, 1.2 M partnerships), else a fresh database of the test
// cluster holding the demo. Statements have no timeout: a national
// observatory takes longer than a request may.
func benchStore(b *testing.B) data.Store {
	b.Helper()
	ctx := context.Background()
	if url := os.Getenv("MAILLAGE_BENCH_DATABASE_URL"); url != "" {
		s, err := postgis.Open(ctx, postgis.Config{URL: url, MaxConns: 4, StatementTimeout: -1})
		if err != nil {
			b.Fatalf("Open: %v", err)
		}
		b.Cleanup(s.Close)
		return s
	}
	ds, err := demo.Load()
	if err != nil {
		b.Fatal(err)
	}
	s := newPostGIS(b)
	if err := s.LoadDataset(ctx, ds, nil); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkRankGapsCommunes measures the gap ranking of every commune of
// France, for one domain and for all of them: cold (no cache: Coverage and
// the indicators' values read from PostGIS, the ranking in Go, as the first
// request after a change pays it) and warm (from the cache, version read
// included), in the same run.
func BenchmarkRankGapsCommunes(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		cfg  analysis.Config
	}{{"cold", analysis.Config{CacheBytes: -1}}, {"warm", analysis.Config{}}} {
		an := analysis.New(st, c.cfg)
		for _, domain := range []geo.Domain{geo.DomainInsertionEmploi, geo.DomainAll} {
			b.Run(c.name+"/"+string(domain), func(b *testing.B) {
				b.ReportAllocs()
				// Warm: the first ranking fills the cache before the timed
				// loop (b.Loop times from its first call). Cold: no cache.
				if _, err := an.RankGaps(ctx, geo.LevelCommune, domain, nil, data.Today(ctx)); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					r, err := an.RankGaps(ctx, geo.LevelCommune, domain, nil, data.Today(ctx))
					if err != nil {
						b.Fatal(err)
					}
					if len(r.Rows) < 30000 {
						b.Fatalf("%d communes ranked", len(r.Rows))
					}
				}
			})
		}
	}
}
