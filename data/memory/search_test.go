package memory_test

import (
	"context"
	"slices"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// searchTexts are a search box's first keystrokes and full names, over the
// demo's 36 249 territories.
var searchTexts = []string{"a", "saint e", "Saint-Étienne", "69", "lyon"}

// TestSearchTerritoriesAllocations guards the folded-name index: a search
// over every territory allocates per rank of matches, never per name. Not
// parallel: AllocsPerRun counts every goroutine's allocations.
func TestSearchTerritoriesAllocations(t *testing.T) {
	_, s := demoStore(t)
	ctx := context.Background()
	for _, text := range searchTexts {
		allocs := testing.AllocsPerRun(20, func() {
			if _, err := s.SearchTerritories(ctx, text, "", 10); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 12 {
			t.Errorf("SearchTerritories(%q, limit 10): %v allocations, want at most 12", text, allocs)
		}
	}
}

// BenchmarkSearchTerritories is one search of the viewer's box over the
// demo, at the server's default limit.
func BenchmarkSearchTerritories(b *testing.B) {
	s, err := demoMemoryStore()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, text := range searchTexts {
		b.Run(text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.SearchTerritories(ctx, text, "", 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchTerritoriesNaive is the baseline the index beats: every
// name folded on each search, every match sorted.
func BenchmarkSearchTerritoriesNaive(b *testing.B) {
	ds, err := loadDemo()
	if err != nil {
		b.Fatal(err)
	}
	for _, text := range searchTexts {
		b.Run(text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = naiveSearch(ds, text, 10)
			}
		})
	}
}

func naiveSearch(ds *dataset.Dataset, text string, limit int) []geo.TerritoryHit {
	q := geo.NewTerritoryQuery(text)
	var hits []geo.TerritoryHit
	for _, t := range ds.Territories {
		if r := q.Rank(t.Code, geo.SearchKey(t.Name)); r != 0 {
			hits = append(hits, geo.TerritoryHit{Rank: r, Level: t.Level, Population: t.Population, Code: t.Code})
		}
	}
	slices.SortFunc(hits, geo.CompareTerritoryHits)
	return hits[:min(limit, len(hits))]
}
