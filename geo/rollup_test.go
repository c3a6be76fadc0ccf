package geo

import (
	"math"
	"testing"
)

func TestRollup(t *testing.T) {
	t.Parallel()
	// Two communes of one EPCI: 10 unemployed of 100 (10 %) and 90 of 300
	// (30 %). The EPCI's rate is 100/400 = 25 %, not the 20 % an average of
	// rates would give.
	communes := []RollupInput{
		{Parent: "E1", Value: 10, Numerator: 10, Denominator: 100, Population: 220},
		{Parent: "E1", Value: 30, Numerator: 90, Denominator: 300, Population: 650},
		{Parent: "E2", Value: 5, Numerator: 0, Denominator: 0, Population: 0},
		{Parent: "", Value: 50, Numerator: 5, Denominator: 10, Population: 20},
	}
	cases := []struct {
		name string
		agg  Aggregation
		want map[string]float64
	}{
		{"ratio of sums", AggregationRatio, map[string]float64{"E1": 25}},
		{"population-weighted mean", AggregationWeightedMean, map[string]float64{"E1": (10*220 + 30*650) / 870.0}},
		{"sum", AggregationSum, map[string]float64{"E1": 40, "E2": 5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := Rollup(Indicator{Aggregation: c.agg, Scale: 100}, communes)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for code, w := range c.want {
				if math.Abs(got[code]-w) > 1e-9 {
					t.Errorf("%s: got %v, want %v", code, got[code], w)
				}
			}
		})
	}
}
