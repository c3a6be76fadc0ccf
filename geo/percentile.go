package geo

import (
	"cmp"
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
// It is the rank the gap analysis (RankGaps) compares territories by: a
// position among the territories of one level, insensitive to the
// indicators' units and skew.
func PercentileRanks(values []float64) []float64 {
	ranks := make([]float64, len(values))
	new(rankScratch).percentileRanks(ranks, values)
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

// rankScratch holds the work slices of percentileRanks, for reuse from one
// call to the next.
type rankScratch struct {
	keys, spare []uint64
	counts      [3][1 << radixDigit]int32
}

// percentileRanks writes PercentileRanks(values) to ranks, which has the
// length of values and does not overlap it.
//
// Each value that is not NaN becomes one word: the top 32 bits of its
// orderedKey above its position. A stable radix sort on the top half
// (sortTop32) orders the words by value but for values that share that half,
// which stay in input order: those runs, ties most often, are checked and,
// when needed, sorted on their full keys. The time is linear in the number
// of values but for such runs.
func (s *rankScratch) percentileRanks(ranks, values []float64) {
	if len(values) > maxRadix {
		percentileRanksBySort(ranks, values)
		return
	}
	if cap(s.keys) < len(values) {
		s.keys = make([]uint64, 0, len(values))
	}
	keys := s.keys[:0]
	for i, v := range values {
		if math.IsNaN(v) {
			ranks[i] = math.NaN()
			continue
		}
		keys = append(keys, orderedKey(v)&^(1<<32-1)|uint64(i))
	}
	s.keys = keys
	n := len(keys)
	switch n {
	case 0:
		return
	case 1:
		ranks[uint32(keys[0])] = 0.5
		return
	}
	keys, s.spare = s.sortTop32(keys)
	s.keys = keys
	scale := float64(n - 1)
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && keys[hi]>>32 == keys[lo]>>32 {
			hi++
		}
		if hi == lo+1 {
			ranks[uint32(keys[lo])] = float64(lo) / scale
		} else {
			rankRun(ranks, values, keys[lo:hi], lo, scale)
		}
		lo = hi
	}
}

// rankRun ranks the values of a run of words sharing their top half, which
// start at position lo of the n = scale + 1 words sorted: ties, or values
// that the low half of their keys tells apart.
func rankRun(ranks, values []float64, run []uint64, lo int, scale float64) {
	full := func(k uint64) uint64 { return orderedKey(values[uint32(k)]) }
	first := full(run[0])
	if !slices.ContainsFunc(run[1:], func(k uint64) bool { return full(k) != first }) {
		r := (float64(lo) + float64(len(run)-1)/2) / scale
		for _, k := range run {
			ranks[uint32(k)] = r
		}
		return
	}
	slices.SortStableFunc(run, func(a, b uint64) int { return cmp.Compare(full(a), full(b)) })
	for l := 0; l < len(run); {
		h, key := l+1, full(run[l])
		for h < len(run) && full(run[h]) == key {
			h++
		}
		r := (float64(lo+l) + float64(h-l-1)/2) / scale
		for _, k := range run[l:h] {
			ranks[uint32(k)] = r
		}
		l = h
	}
}

// percentileRanksBySort is percentileRanks by a comparison sort, for more
// values than sortTop32 can take.
func percentileRanksBySort(ranks, values []float64) {
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
		return
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(orderedKey(values[a]), orderedKey(values[b])) })
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
}

// orderedKey maps a value that is not NaN to a key whose unsigned order is
// the value's order, equal keys for equal values: −0 is taken as +0, a
// negative value has every bit flipped, a positive one its sign bit set.
func orderedKey(v float64) uint64 {
	if v == 0 {
		return 1 << 63
	}
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// radixDigit is the width of sortTop32's digits: 11, 11 and 10 bits.
const radixDigit = 11

// maxRadix is the most words sortTop32 takes: their positions fit the low
// half of a word, their number an int32 count.
const maxRadix = math.MaxInt32

// sortTop32 sorts words by their top 32 bits, stably (words with the same
// top half keep their order), by least significant digit radix in three
// passes, a pass skipped when all words share its digit, using s.spare;
// there are at most maxRadix words. It
// returns the sorted words, in words's array or s.spare's, and the other
// array, for the next s.spare.
func (s *rankScratch) sortTop32(words []uint64) (sorted, other []uint64) {
	const mask = 1<<radixDigit - 1
	c := &s.counts
	*c = [3][1 << radixDigit]int32{}
	for _, w := range words {
		c[0][w>>32&mask]++
		c[1][w>>(32+radixDigit)&mask]++
		c[2][w>>(32+2*radixDigit)]++
	}
	n := len(words)
	if cap(s.spare) < n {
		s.spare = make([]uint64, n)
	}
	spare := s.spare[:n]
	for p, shift := range [3]uint{32, 32 + radixDigit, 32 + 2*radixDigit} {
		if n == 0 || int(c[p][words[0]>>shift&mask]) == n {
			continue
		}
		at := int32(0)
		for d, m := range c[p] {
			c[p][d] = at
			at += m
		}
		for _, w := range words {
			d := w >> shift & mask
			spare[c[p][d]] = w
			c[p][d]++
		}
		words, spare = spare, words
	}
	return words, spare
}
