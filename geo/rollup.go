package geo

import "math"

// RollupInput is one finest-level value to aggregate: the value (and, for a
// ratio indicator, its numerator and denominator), the territory's
// population (the weight of a weighted mean) and the code of the parent
// territory it rolls up into ("" to leave it out).
type RollupInput struct {
	Parent      string
	Value       float64
	Numerator   float64
	Denominator float64
	Population  float64
}

// Rollup aggregates values into their parents by the indicator's rule,
// never by averaging rates: a ratio is Scale × Σnumerators / Σdenominators,
// a weighted mean Σ(value × population) / Σpopulation, a sum Σvalue. A parent
// whose denominators (or populations) sum to zero gets no value. The result
// maps parent codes to values.
func Rollup(ind Indicator, in []RollupInput) map[string]float64 {
	type acc struct{ num, den float64 }
	sums := map[string]*acc{}
	for _, v := range in {
		if v.Parent == "" || math.IsNaN(v.Value) {
			continue
		}
		a := sums[v.Parent]
		if a == nil {
			a = &acc{}
			sums[v.Parent] = a
		}
		switch ind.Aggregation {
		case AggregationRatio:
			a.num += v.Numerator
			a.den += v.Denominator
		case AggregationWeightedMean:
			a.num += v.Value * v.Population
			a.den += v.Population
		case AggregationSum:
			a.num += v.Value
			a.den = 1
		}
	}
	out := make(map[string]float64, len(sums))
	for code, a := range sums {
		if a.den == 0 {
			continue
		}
		v := a.num / a.den
		if ind.Aggregation == AggregationRatio {
			v *= ratioScale(ind)
		}
		out[code] = v
	}
	return out
}

func ratioScale(ind Indicator) float64 {
	if ind.Scale == 0 {
		return 1
	}
	return ind.Scale
}
