package server

import (
	"math"
	"testing"

	"github.com/maillage/maillage/geo"
)

// FuzzParseBBoxIn checks that no bbox in any CRS panics the parser, and
// that every box it accepts becomes a finite CRS84 envelope within the
// world, not inverted, with the numbers as given kept for links.
func FuzzParseBBoxIn(f *testing.F) {
	seeds := []struct {
		s   string
		crs uint8
	}{
		{"4,45,5,46", 0},
		{"45,4,46,5", 1},
		{"45.7,4.8,45.8,4.9,0,100", 1},
		{"-20037508.34,-20037508.34,20037508.34,20037508.34", 2},
		{"530000,5720000,545000,5740000", 2},
		{"600000,6800000,800000,6900000", 3},
		{"-1e7,-1e7,1e7,1.3e7", 3},
		{"700000,12655612.05,700000,12655612.05", 3},
		{"1e308,0,1e308,1", 3},
		{"", 3},
	}
	for _, s := range seeds {
		f.Add(s.s, s.crs)
	}
	crss := geo.CRSs()
	f.Fuzz(func(t *testing.T, s string, which uint8) {
		crs := crss[int(which)%len(crss)]
		b, given, err := parseBBoxIn(s, crs)
		if err != nil {
			if pe, ok := err.(*ParamError); !ok || pe.Param != paramBBox {
				t.Fatalf("error %v is not a ParamError naming bbox", err)
			}
			return
		}
		for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("accepted %q in %s as %v: not finite", s, crs, b)
			}
		}
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
			t.Fatalf("accepted %q in %s as %v: outside CRS84 or inverted", s, crs, b)
		}
		if given.Min[0] > given.Max[0] || given.Min[1] > given.Max[1] {
			t.Fatalf("accepted %q in %s as given %v: inverted", s, crs, given)
		}
	})
}
