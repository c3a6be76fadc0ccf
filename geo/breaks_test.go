package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

func TestJenksPublishedExamples(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		values []float64
		k      int
		want   []float64
	}{
		// jenkspy's README example (mthh/jenkspy)
		{"jenkspy", []float64{1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3}, 3, []float64{1.2, 2.3, 5.0, 7.8}},
		// the npm package jenks's README example
		{"jenks (npm)", []float64{1, 2, 5, 15, 45, 89.3, 112, 31, 120, 0.5}, 3, []float64{0.5, 15, 45, 120}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := Breaks(c.values, BreaksJenks, c.k, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// bruteForceSSD tries every way to cut the sorted distinct values into k
// runs and returns the smallest total within-class sum of squares.
func bruteForceSSD(xs []float64, k int) float64 {
	best := math.Inf(1)
	var rec func(from, classes int, acc float64)
	rec = func(from, classes int, acc float64) {
		if classes == 1 {
			best = math.Min(best, acc+ssdOf(xs, xs[from], xs[len(xs)-1]))
			return
		}
		for end := from; end < len(xs)-classes+1; end++ {
			if end+1 < len(xs) && xs[end] == xs[end+1] {
				continue // equal values stay together
			}
			rec(end+1, classes-1, acc+ssdOf(xs, xs[from], xs[end]))
		}
	}
	rec(0, k, 0)
	return best
}

// ssdOf is the sum of squared deviations of the values in [lo, hi].
func ssdOf(xs []float64, lo, hi float64) float64 {
	var in []float64
	for _, v := range xs {
		if v >= lo && v <= hi {
			in = append(in, v)
		}
	}
	m := 0.0
	for _, v := range in {
		m += v
	}
	m /= float64(len(in))
	s := 0.0
	for _, v := range in {
		s += (v - m) * (v - m)
	}
	return s
}

// partitionSSD is the within-class sum of squares of the classes bounds define.
func partitionSSD(xs, bounds []float64) float64 {
	total := 0.0
	for c := 0; c+1 < len(bounds); c++ {
		lo := bounds[c]
		if c > 0 {
			lo = math.Nextafter(bounds[c], math.Inf(1))
		}
		total += ssdOf(xs, lo, bounds[c+1])
	}
	return total
}

func TestJenksMatchesBruteForce(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 2 + r.IntN(11)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.Round(r.NormFloat64()*10) / 2 // ties happen
		}
		sort.Float64s(xs)
		for k := 1; k <= min(5, distinct(xs)); k++ {
			bounds := JenksBreaks(xs, k)
			got, want := partitionSSD(xs, bounds), bruteForceSSD(xs, k)
			if math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Fatalf("%v in %d classes: bounds %v give SSD %v, optimum %v", xs, k, bounds, got, want)
			}
			if n := len(bounds); n != k+1 {
				t.Fatalf("%v in %d classes: %d bounds", xs, k, n)
			}
		}
	}
}

func TestBreaksCountsCoverEveryValue(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	values := make([]float64, 2000)
	for i := range values {
		values[i] = math.Exp(r.NormFloat64()) // skewed, like rates
	}
	values = append(values, math.NaN(), math.Inf(1))
	for _, m := range BreakMethods {
		for k := 3; k <= 9; k++ {
			bounds, err := Breaks(values, m, k, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !sort.Float64sAreSorted(bounds) || len(bounds) < 2 || len(bounds) > k+1 {
				t.Errorf("%s k=%d: bounds %v", m, k, bounds)
			}
			total := 0
			for _, c := range ClassCounts(values, bounds) {
				total += c
			}
			if total != 2000 {
				t.Errorf("%s k=%d: classes count %d values, want 2000", m, k, total)
			}
		}
	}
}

func TestBreaksEdgeCases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		values []float64
		method BreakMethod
		k      int
		want   []float64
	}{
		{"one value", []float64{4}, BreaksJenks, 5, []float64{4, 4}},
		{"all equal", []float64{2, 2, 2}, BreaksQuantile, 3, []float64{2, 2}},
		{"two distinct, five asked", []float64{1, 1, 3}, BreaksJenks, 5, []float64{1, 1, 3}},
		{"equal widths", []float64{0, 1, 3, 7, 10}, BreaksEqual, 5, []float64{0, 2, 4, 6, 8, 10}},
		{"classes capped by distinct values", []float64{0, 10}, BreaksEqual, 5, []float64{0, 5, 10}},
		{"quartiles", []float64{1, 2, 3, 4, 5, 6, 7, 8}, BreaksQuantile, 4, []float64{1, 2, 4, 6, 8}},
	}
	for _, c := range cases {
		got, err := Breaks(c.values, c.method, c.k, 0)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v (%v), want %v", c.name, got, err, c.want)
		}
	}
	if _, err := Breaks([]float64{math.NaN()}, BreaksJenks, 3, 0); err != ErrNoValues {
		t.Errorf("no finite value: got %v, want ErrNoValues", err)
	}
}

func BenchmarkJenksCommunes(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := make([]float64, 34875)
	for i := range xs {
		xs[i] = math.Round(math.Exp(r.NormFloat64())*1000) / 100
	}
	sort.Float64s(xs)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		JenksBreaks(xs, 7)
	}
}

// naiveJenksSSD is the textbook O(k·n²) Fisher programme, the baseline the
// divide-and-conquer version must equal on inputs too large to brute-force.
func naiveJenksSSD(xs []float64, k int) float64 {
	var u []float64
	for i, v := range xs {
		if i == 0 || v != xs[i-1] {
			u = append(u, v)
		}
	}
	n := len(u)
	cost := func(i, j int) float64 { return ssdOf(xs, u[i], u[j]) }
	prev := make([]float64, n)
	for j := range prev {
		prev[j] = cost(0, j)
	}
	for c := 1; c < k; c++ {
		cur := make([]float64, n)
		for j := range cur {
			cur[j] = math.Inf(1)
			for i := c; i <= j; i++ {
				cur[j] = math.Min(cur[j], prev[i-1]+cost(i, j))
			}
		}
		prev = cur
	}
	return prev[n-1]
}

func TestJenksMatchesNaiveProgramme(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 20; trial++ {
		xs := make([]float64, 40+r.IntN(60))
		for i := range xs {
			xs[i] = math.Round(math.Exp(r.NormFloat64())*20) / 4
		}
		sort.Float64s(xs)
		for _, k := range []int{2, 4, 7} {
			got, want := partitionSSD(xs, JenksBreaks(xs, k)), naiveJenksSSD(xs, k)
			if math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Fatalf("n=%d k=%d: SSD %v, naive optimum %v", len(xs), k, got, want)
			}
		}
	}
}
