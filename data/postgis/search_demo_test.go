package postgis

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// demoSearchTexts are what people type into the viewer's search box,
// accents, hyphens, apostrophes and ligatures included, and codes.
func demoSearchTexts() []string {
	texts := []string{"saint etienne", "Saint-Étienne", "SAINT ETIENNE", "lyon", "paris", "marseille", "sainte", "saint",
		"le", "la", "les", "l", "d", "de", "sur", "ile", "île", "oeuvre", "œ", "coeur", "Château", "chateau-", "l'hay",
		"l hay les roses", "val d", "val-d'oise", "aix", "bourg", "montreuil", "communaute", "cc", "ca du", "grand", "métropole",
		"côte d’azur", "reunion", "guadeloupe", "ÿ", "é", "69", "2a", "2B", "2A004", "97", "974", "2", "200", "200046977", "75056",
		"0", "01", "1", "zzz"}
	for c := 'a'; c <= 'z'; c++ {
		texts = append(texts, string(c))
	}
	return texts
}

// compareDemoSearch asks both stores holding the demo the same searches,
// at every level and at the server's largest limit: the same territories
// in the same order with the same fields, so PostgreSQL's folding of 35 000
// real names agrees with geo.SearchKey. It logs the slowest PostGIS search.
func compareDemoSearch(t *testing.T, mem, pg data.Store) {
	ctx := context.Background()
	var slowest time.Duration
	var slowText string
	for _, text := range demoSearchTexts() {
		for _, level := range append([]geo.Level{""}, geo.Levels...) {
			want, err := mem.SearchTerritories(ctx, text, level, 50)
			if err != nil {
				t.Fatalf("memory SearchTerritories(%q, %q): %v", text, level, err)
			}
			start := time.Now()
			got, err := pg.SearchTerritories(ctx, text, level, 50)
			if d := time.Since(start); d > slowest {
				slowest, slowText = d, text
			}
			if err != nil {
				t.Fatalf("PostGIS SearchTerritories(%q, %q): %v", text, level, err)
			}
			if !sameMatches(got, want) {
				t.Errorf("SearchTerritories(%q, %q):\nPostGIS  %v\nembedded %v", text, level, got, want)
			}
		}
	}
	t.Logf("slowest PostGIS search: %q in %v", slowText, slowest)
}

// sameMatches compares two result lists, bounding boxes within 1e-9°.
func sameMatches(a, b []data.TerritoryMatch) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		for j := range 2 {
			if math.Abs(x.BBox.Min[j]-y.BBox.Min[j]) > 1e-9 || math.Abs(x.BBox.Max[j]-y.BBox.Max[j]) > 1e-9 {
				return false
			}
		}
		x.BBox = y.BBox
		if x != y {
			return false
		}
	}
	return true
}
