package geo_test

import (
	"math"
	"testing"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

func TestLinkLengthKm(t *testing.T) {
	t.Parallel()
	paris, lyon := orb.Point{2.3522, 48.8566}, orb.Point{4.8357, 45.7640}
	cases := []struct {
		name string
		a, b orb.Point
		want float64 // km, within 1 m
	}{
		{"same point", paris, paris, 0},
		{"Paris–Lyon", paris, lyon, 391.5},
		{"quarter meridian", orb.Point{0, 0}, orb.Point{0, 90}, math.Pi / 2 * geo.SphereRadius / 1000},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, math.Pi * geo.SphereRadius / 1000},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, math.Pi / 180 * geo.SphereRadius / 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := geo.LinkLengthKm(c.a, c.b)
			tol := 0.001
			if c.name == "Paris–Lyon" {
				tol = 1 // a published figure, to the km
			}
			if math.Abs(got-c.want) > tol {
				t.Errorf("wrong length: got %v km, want %v", got, c.want)
			}
			if back := geo.LinkLengthKm(c.b, c.a); back != got {
				t.Errorf("not symmetric: %v != %v", back, got)
			}
			if r := math.Round(got*1000) / 1000; r != got {
				t.Errorf("not rounded to the metre: %v", got)
			}
		})
	}
}
