package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// benchPoints are n fixed random positions over metropolitan France.
func benchPoints(n int) []orb.Point {
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{-5 + rng.Float64()*15, 41 + rng.Float64()*10}
	}
	return pts
}

// BenchmarkProjectionForward times one position per iteration; the
// Projection is made once, as the stores do per page.
func BenchmarkProjectionForward(b *testing.B) {
	pts := benchPoints(1024)
	for _, c := range CRSs() {
		b.Run(c.String(), func(b *testing.B) {
			p := c.Projection()
			b.ReportAllocs()
			b.ResetTimer()
			var sink orb.Point
			for i := 0; b.Loop(); i++ {
				sink = p.Forward(pts[i%len(pts)])
			}
			_ = sink
		})
	}
}

// BenchmarkProjectionInverse: Lambert-93's inverse iterates its latitude
// (ALG0002), so it costs a few forwards.
func BenchmarkProjectionInverse(b *testing.B) {
	pts := benchPoints(1024)
	for _, c := range []CRS{EPSG3857, EPSG2154} {
		p := c.Projection()
		proj := make([]orb.Point, len(pts))
		for i, pt := range pts {
			proj[i] = p.Forward(pt)
		}
		b.Run(c.String(), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			var sink orb.Point
			for i := 0; b.Loop(); i++ {
				sink = p.Inverse(proj[i%len(proj)])
			}
			_ = sink
		})
	}
}

// BenchmarkLambert93Constants is the naive baseline a Projection saves:
// computing ALG0054's constants for every position.
func BenchmarkLambert93Constants(b *testing.B) {
	b.ReportAllocs()
	var sink lambertConic
	for b.Loop() {
		sink = lambert93()
	}
	_ = sink
}

// BenchmarkTerritoryQueryRank times matching one name key, the inner loop
// of the embedded store's search over 35 000 territories: it must not
// allocate.
func BenchmarkTerritoryQueryRank(b *testing.B) {
	keys := []string{SearchKey("Saint-Étienne-de-Tinée"), SearchKey("Communauté de communes du Pays de l'Arbresle"),
		SearchKey("Lyon"), SearchKey("Provence-Alpes-Côte d'Azur")}
	q := NewTerritoryQuery("saint e")
	b.ReportAllocs()
	var sink SearchRank
	for i := 0; b.Loop(); i++ {
		sink = q.Rank("42218", keys[i%len(keys)])
	}
	_ = sink
}

// BenchmarkSearchKey times folding one name, as the embedded store does for
// each territory once at start-up.
func BenchmarkSearchKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = SearchKey("Saint-Étienne-de-Tinée")
	}
}
