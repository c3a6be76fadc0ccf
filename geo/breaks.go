package geo

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// BreakMethod is a choropleth classification.
type BreakMethod string

// The classifications Maillage offers.
const (
	BreaksQuantile BreakMethod = "quantile" // equal counts per class
	BreaksJenks    BreakMethod = "jenks"    // optimal Fisher–Jenks natural breaks
	BreaksEqual    BreakMethod = "equal"    // equal widths
	BreaksStdDev   BreakMethod = "stddev"   // one standard deviation wide, centred on a reference
)

// BreakMethods lists the methods in a stable order.
var BreakMethods = []BreakMethod{BreaksQuantile, BreaksJenks, BreaksEqual, BreaksStdDev}

// Valid reports whether m is a known method.
func (m BreakMethod) Valid() bool { return contains(BreakMethods, m) }

// ErrNoValues is returned when there is nothing to classify.
var ErrNoValues = errors.New("geo: no finite value to classify")

// Breaks classifies values into at most k classes and returns the k+1
// bounds, from the minimum to the maximum: class i holds the values in
// (bounds[i], bounds[i+1]], the first class also its lower bound. Fewer
// classes come back when there are fewer distinct values than k. centre is
// the reference the stddev method centres on (the national value); the other
// methods ignore it. NaN and infinite values are ignored.
func Breaks(values []float64, method BreakMethod, k int, centre float64) ([]float64, error) {
	if k < 1 {
		return nil, fmt.Errorf("geo: %d classes: want at least 1", k)
	}
	xs := finiteSorted(values)
	if len(xs) == 0 {
		return nil, ErrNoValues
	}
	k = min(k, distinct(xs))
	switch method {
	case BreaksQuantile:
		return quantileBreaks(xs, k), nil
	case BreaksJenks:
		return JenksBreaks(xs, k), nil
	case BreaksEqual:
		return equalBreaks(xs, k), nil
	case BreaksStdDev:
		return stddevBreaks(xs, k, centre), nil
	}
	return nil, fmt.Errorf("geo: unknown classification %q", method)
}

// ClassCounts counts the values of each class of bounds (as Breaks defines
// classes); values outside the bounds and non-finite ones are not counted.
func ClassCounts(values, bounds []float64) []int {
	counts := make([]int, max(len(bounds)-1, 0))
	for _, v := range values {
		if i := ClassOf(v, bounds); i >= 0 {
			counts[i]++
		}
	}
	return counts
}

// ClassOf returns the class of v among bounds, or -1 outside them.
func ClassOf(v float64, bounds []float64) int {
	if len(bounds) < 2 || math.IsNaN(v) || v < bounds[0] || v > bounds[len(bounds)-1] {
		return -1
	}
	// the first bound index whose value is ≥ v closes v's class
	i := sort.SearchFloat64s(bounds, v)
	return max(i-1, 0)
}

func finiteSorted(values []float64) []float64 {
	xs := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			xs = append(xs, v)
		}
	}
	sort.Float64s(xs)
	return xs
}

func distinct(sorted []float64) int {
	n := 0
	for i, v := range sorted {
		if i == 0 || v != sorted[i-1] {
			n++
		}
	}
	return n
}

// quantileBreaks puts about the same number of values in each class; a
// bound that would repeat the previous one (ties) is dropped, so heavy ties
// give fewer classes rather than empty ones.
func quantileBreaks(xs []float64, k int) []float64 {
	bounds := []float64{xs[0]}
	for i := 1; i < k; i++ {
		b := xs[(i*len(xs))/k-1+boolInt((i*len(xs))%k != 0)]
		if b > bounds[len(bounds)-1] && b < xs[len(xs)-1] {
			bounds = append(bounds, b)
		}
	}
	return append(bounds, xs[len(xs)-1])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func equalBreaks(xs []float64, k int) []float64 {
	lo, hi := xs[0], xs[len(xs)-1]
	bounds := make([]float64, k+1)
	for i := range bounds {
		bounds[i] = lo + (hi-lo)*float64(i)/float64(k)
	}
	bounds[k] = hi
	return bounds
}

// stddevBreaks makes classes one standard deviation wide around centre
// (k odd: a central class straddling it; k even: centre is a bound), the
// outer classes open to the extremes.
func stddevBreaks(xs []float64, k int, centre float64) []float64 {
	mean, sd := 0.0, 0.0
	for _, v := range xs {
		mean += v
	}
	mean /= float64(len(xs))
	for _, v := range xs {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / float64(len(xs)))
	lo, hi := xs[0], xs[len(xs)-1]
	if sd == 0 || k < 2 {
		return []float64{lo, hi}
	}
	bounds := []float64{lo}
	for i := 1; i < k; i++ {
		b := centre + (float64(i)-float64(k)/2)*sd
		if b > bounds[len(bounds)-1] && b < hi {
			bounds = append(bounds, b)
		}
	}
	return append(bounds, hi)
}
