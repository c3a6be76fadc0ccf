package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPercentileRanks(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name   string
		values []float64
		want   []float64
	}{
		{"empty", nil, []float64{}},
		{"one value", []float64{7}, []float64{0.5}},
		{"two values", []float64{9, 3}, []float64{1, 0}},
		{"input order kept", []float64{30, 10, 40, 20, 0}, []float64{0.75, 0.25, 1, 0.5, 0}},
		// 2 and 2: one below, two equal → (1 + 1/2) / 3
		{"ties share the mid-rank", []float64{1, 2, 2, 3}, []float64{0, 0.5, 0.5, 1}},
		{"all equal", []float64{5, 5, 5}, []float64{0.5, 0.5, 0.5}},
		{"tie at the bottom", []float64{0, 0, 0, 10, 20}, []float64{0.25, 0.25, 0.25, 0.75, 1}},
		{"NaN not counted", []float64{nan, 1, 3}, []float64{nan, 0, 1}},
		{"one value beside NaN", []float64{nan, 4, nan}, []float64{nan, 0.5, nan}},
		{"only NaN", []float64{nan, nan}, []float64{nan, nan}},
		{"infinities are values", []float64{inf, 0, -inf}, []float64{1, 0.5, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := PercentileRanks(c.values)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if !sameFloat(got[i], c.want[i]) {
					t.Errorf("got %v, want %v", got, c.want)
					break
				}
			}
		})
	}
}

// TestPercentileRanksBruteForce compares with the definition applied
// value by value, on random inputs with many ties and some NaN, some of
// them thousands of values long, and some with values that differ in their
// last bits only, signed zeros, infinities and subnormals; the comparison
// sort kept for inputs too long for the radix sort is checked alike.
func TestPercentileRanksBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 8))
	odd := []float64{0, math.Copysign(0, -1), 1, math.Nextafter(1, 2), 1 + 0x1p-30, 1 - 0x1p-40, -1,
		math.Nextafter(-1, -2), math.Inf(1), math.Inf(-1), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64}
	for trial := range 400 {
		values := make([]float64, rng.IntN(40))
		if trial%50 == 0 {
			values = make([]float64, 2000+rng.IntN(2000))
		}
		for i := range values {
			values[i] = float64(rng.IntN(8))
			switch {
			case trial%2 == 1 && rng.IntN(2) == 0:
				values[i] = odd[rng.IntN(len(odd))]
			case trial%50 == 0 && rng.IntN(2) == 0:
				values[i] = rng.NormFloat64() * 1e3
			case rng.IntN(10) == 0:
				values[i] = math.NaN()
			}
		}
		got := PercentileRanks(values)
		bySort := make([]float64, len(values))
		percentileRanksBySort(bySort, values)
		n := 0
		for _, v := range values {
			if !math.IsNaN(v) {
				n++
			}
		}
		for i, v := range values {
			want := math.NaN()
			if !math.IsNaN(v) {
				below, equal := 0, 0
				for _, w := range values {
					if w < v {
						below++
					} else if w == v {
						equal++
					}
				}
				want = 0.5
				if n > 1 {
					want = (float64(below) + float64(equal-1)/2) / float64(n-1)
				}
			}
			if !sameFloat(got[i], want) || got[i] < 0 || got[i] > 1 {
				t.Fatalf("trial %d, %v: rank of #%d is %v, want %v", trial, values, i, got[i], want)
			}
			if !sameFloat(bySort[i], want) {
				t.Fatalf("trial %d, %v: rank of #%d by sort is %v, want %v", trial, values, i, bySort[i], want)
			}
		}
	}
}

func TestTercile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rank float64
		want int
	}{
		{0, 1}, {0.3333, 1}, {1.0 / 3, 2}, {0.5, 2}, {0.6666, 2}, {2.0 / 3, 3}, {1, 3}, {math.NaN(), 0},
		// 2/3 and 1/3 reached by other roundings
		{(0.1 + 0.2 + 1.7) / 3, 3}, {1 - 1.0/3, 3}, {0.6666666666666665, 3}, {0.33333333333333326, 2},
		{1.0/3 - 1e-6, 1}, {2.0/3 - 1e-6, 2},
	}
	for _, c := range cases {
		if got := Tercile(c.rank); got != c.want {
			t.Errorf("Tercile(%v) = %d, want %d", c.rank, got, c.want)
		}
	}
}

// sameFloat is equality within 1e-12, NaN equal to NaN.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-12
}

// BenchmarkPercentileRanks ranks 35 000 values (a commune level), rounded
// to a tenth so that ties occur, one in ten NaN.
func BenchmarkPercentileRanks(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	values := make([]float64, 35000)
	for i := range values {
		values[i] = math.Round(rng.Float64()*1000) / 10
		if rng.IntN(10) == 0 {
			values[i] = math.NaN()
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		PercentileRanks(values)
	}
}
