package dataset

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/maillage/maillage/geo"
)

// TestIDs holds IDs to a map given the same ids and values: numbered from
// 1 (all in the slice), shuffled, far apart (in the map), negative, the
// extremes, set twice.
func TestIDs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	cases := map[string][]int64{
		"from 1":    seq(1, 5000),
		"from 0":    seq(0, 10),
		"shuffled":  shuffled(r, seq(1, 3000)),
		"far apart": {1e12, 7, 1e12 + 1, 3, math.MaxInt64, math.MinInt64, -1, 2048, 1 << 40},
		"twice":     {5, 6, 5, 1e9, 1e9, 0, 0},
		"random":    random(r, 20000),
	}
	for name, ids := range cases {
		var x IDs
		want := map[int64]int32{}
		for i, id := range ids {
			x.Set(id, int32(i))
			want[id] = int32(i)
		}
		if x.Len() != len(want) {
			t.Errorf("%s: Len %d, want %d", name, x.Len(), len(want))
		}
		for id, v := range want {
			if got, ok := x.Get(id); !ok || got != v {
				t.Errorf("%s: Get(%d) = %d, %v, want %d", name, id, got, ok, v)
			}
		}
		for _, id := range []int64{-2, 4, 99999, 1e12 + 2, math.MaxInt64 - 1} {
			if _, set := want[id]; set {
				continue
			}
			if got, ok := x.Get(id); ok {
				t.Errorf("%s: Get(%d) = %d for an id never set", name, id, got)
			}
		}
	}
}

func seq(from, to int64) []int64 {
	var out []int64
	for id := from; id <= to; id++ {
		out = append(out, id)
	}
	return out
}

func shuffled(r *rand.Rand, ids []int64) []int64 {
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids
}

// random draws ids below a bound near the slice's limit, some again.
func random(r *rand.Rand, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = r.Int64N(3 * int64(n))
	}
	return out
}

// TestPlaces numbers each distinct place once, in order.
func TestPlaces(t *testing.T) {
	t.Parallel()
	var ps Places
	lyon := geo.Place{Commune: "69123", Departement: "69", Region: "84"}
	abroad := geo.Place{Country: "DE"}
	for i, c := range []struct {
		p    geo.Place
		want int32
	}{{lyon, 0}, {abroad, 1}, {lyon, 0}, {geo.Place{}, 2}, {abroad, 1}} {
		if got := ps.Add(c.p); got != c.want || *ps.At(got) != c.p {
			t.Errorf("%d: Add(%v) = %d (%v), want %d", i, c.p, got, *ps.At(got), c.want)
		}
	}
	if ps.Len() != 3 {
		t.Errorf("Len %d, want 3", ps.Len())
	}
}
