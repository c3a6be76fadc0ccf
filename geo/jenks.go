package geo

import "math"

// JenksBreaks returns the k+1 bounds of the optimal Fisher–Jenks
// classification of sorted values: the partition into k runs of
// consecutive values that minimises the sum of squared deviations from each
// class mean. It is exact, not the iterative Jenks heuristic. The dynamic
// programme is sped up by divide and conquer, valid because the within-class
// cost of sorted data satisfies the quadrangle inequality (as in
// Ckmeans.1d.dp): O(k·n·log n) time, O(k·n) memory. Equal values always
// fall in the same class (the programme runs on distinct values weighted by
// their counts), so the bounds classify exactly as the partition found.
// sorted must be sorted, finite and hold at least k distinct values.
func JenksBreaks(sorted []float64, k int) []float64 {
	var xs, ws []float64
	for i, v := range sorted {
		if i > 0 && v == sorted[i-1] {
			ws[len(ws)-1]++
			continue
		}
		xs, ws = append(xs, v), append(ws, 1)
	}
	n := len(xs)
	if k <= 1 || n <= 1 {
		return []float64{sorted[0], sorted[len(sorted)-1]}
	}
	// weighted prefix sums of values and squares, shifted by the median to
	// keep the squared sums well conditioned
	shift := xs[n/2]
	s0 := make([]float64, n+1)
	s1 := make([]float64, n+1)
	s2 := make([]float64, n+1)
	for i, v := range xs {
		d := v - shift
		s0[i+1] = s0[i] + ws[i]
		s1[i+1] = s1[i] + ws[i]*d
		s2[i+1] = s2[i] + ws[i]*d*d
	}
	// cost of the class xs[i..j] (inclusive): its sum of squared deviations
	cost := func(i, j int) float64 {
		m := s0[j+1] - s0[i]
		s := s1[j+1] - s1[i]
		return math.Max(0, s2[j+1]-s2[i]-s*s/m)
	}
	prev := make([]float64, n) // best cost of xs[0..j] in c-1 classes
	for j := range prev {
		prev[j] = cost(0, j)
	}
	// start[c][j] is where the last class begins in the best c+1-class split of xs[0..j]
	start := make([][]int, k)
	start[0] = make([]int, n)
	for c := 1; c < k; c++ {
		cur := make([]float64, n)
		arg := make([]int, n)
		for j := range cur {
			cur[j] = math.Inf(1)
		}
		var solve func(lo, hi, optLo, optHi int)
		solve = func(lo, hi, optLo, optHi int) {
			if lo > hi {
				return
			}
			mid := (lo + hi) / 2
			best, bestI := math.Inf(1), -1
			// the last class starts at i, after c classes covering xs[0..i-1]
			for i := max(optLo, c); i <= min(mid, optHi); i++ {
				if v := prev[i-1] + cost(i, mid); v < best {
					best, bestI = v, i
				}
			}
			if bestI < 0 {
				bestI = max(optLo, c)
			}
			cur[mid], arg[mid] = best, bestI
			solve(lo, mid-1, optLo, bestI)
			solve(mid+1, hi, bestI, optHi)
		}
		solve(c, n-1, c, n-1)
		start[c] = arg
		prev = cur
	}
	bounds := make([]float64, k+1)
	bounds[k] = xs[n-1]
	j := n - 1
	for c := k - 1; c >= 1; c-- {
		i := start[c][j]
		bounds[c] = xs[i-1]
		j = i - 1
	}
	bounds[0] = xs[0]
	return bounds
}
