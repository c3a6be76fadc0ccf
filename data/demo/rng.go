package demo

import "math"

// rng is SplitMix64: tiny, fast and fully specified, so the demo stays
// byte-identical whatever Go version generates it (math/rand's helpers may
// change how they draw from a source between releases).
type rng struct{ state uint64 }

func newRNG(seed uint64) *rng { return &rng{state: seed} }

// fork derives an independent stream, so that adding draws to one part of the
// generator does not shift every later part.
func (r *rng) fork(label string) *rng {
	h := r.state
	for i := 0; i < len(label); i++ {
		h = (h ^ uint64(label[i])) * 0x100000001b3
	}
	return newRNG(h ^ 0x9e3779b97f4a7c15)
}

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a uniform value in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a uniform value in [0, n); n must be positive.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// normal returns a standard normal value (Box–Muller).
func (r *rng) normal() float64 {
	u := r.float()
	for u == 0 {
		u = r.float()
	}
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// bernoulli returns true with probability p.
func (r *rng) bernoulli(p float64) bool { return r.float() < p }

// shuffle permutes n items in place through swap (Fisher–Yates).
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

// pick returns an index drawn with probability proportional to weights.
func (r *rng) pick(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.float() * total
	for i, w := range weights {
		x -= w
		if x < 0 {
			return i
		}
	}
	return len(weights) - 1
}

// chooseExactly returns a set of exactly k indices out of n, each index i
// drawn with weight w(i) (Efraimidis–Spirakis keys), so a group's rate follows
// its weight while the total is exact.
func (r *rng) chooseExactly(n, k int, w func(i int) float64) []bool {
	type keyed struct {
		key float64
		i   int
	}
	keys := make([]keyed, n)
	for i := range keys {
		u := r.float()
		for u == 0 {
			u = r.float()
		}
		keys[i] = keyed{math.Log(u) / w(i), i}
	}
	sortDesc(keys, func(a keyed) float64 { return a.key })
	chosen := make([]bool, n)
	for _, kv := range keys[:min(k, n)] {
		chosen[kv.i] = true
	}
	return chosen
}
