package geo

import (
	"math"
	"slices"
)

// PercentileRanks returns the percentile rank, in 0..1, of each value among
// the values: (number strictly below + (number equal − 1) / 2) / (n − 1),
// where n counts the values that are not NaN and "equal" includes the value
// itself. Ties thus share the mid-rank, the smallest value ranks 0 and the
// largest 1 (when they are unique), and a lone value ranks 0.5. A NaN value
// gets NaN and is not counted among the others; infinities are ordinary
// values. The result has the length and order of values; O(n log n).
//
// It is the rank the gap analysis (DESIGN §3) compares territories by: a
// position among the territories of one level, insensitive to the
// indicators' units and skew.
func PercentileRanks(values []float64) []float64 {
	ranks := make([]float64, len(values))
	order := make([]int, 0, len(values))
	for i, v := range values {
		if math.IsNaN(v) {
			ranks[i] = math.NaN()
			continue
		}
		order = append(order, i)
	}
	n := len(order)
	if n == 1 {
		ranks[order[0]] = 0.5
		return ranks
	}
	slices.SortFunc(order, func(a, b int) int {
		switch x, y := values[a], values[b]; {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && values[order[hi]] == values[order[lo]] {
			hi++
		}
		r := (float64(lo) + float64(hi-lo-1)/2) / float64(n-1)
		for _, i := range order[lo:hi] {
			ranks[i] = r
		}
		lo = hi
	}
	return ranks
}

// Tercile is the class, 1 to 3, of a rank in 0..1: below 1/3 is 1, below 2/3
// is 2, anything else 3; NaN has no class, 0. It cuts both axes of the gap
// map's 3×3 bivariate classes.
//
// The cuts are taken 1e-9 low, so that a rank equal to 1/3 or 2/3 but for
// the rounding of the sums that made it (1 − 1/3, a mean of ranks) gets the
// upper class whatever the order of the operations. Ranks of a level are
// fractions k / (2(n − 1)) and their means over a few indicators, which lie
// much further apart than that for any number of French territories.
func Tercile(rank float64) int {
	const slack = 1e-9
	switch {
	case math.IsNaN(rank):
		return 0
	case rank < 1.0/3-slack:
		return 1
	case rank < 2.0/3-slack:
		return 2
	}
	return 3
}
