package geo

// Aggregation says how an indicator's values at a level are computed from the
// level below. Rates are never averaged.
type Aggregation string

// The three roll-up rules.
const (
	// AggregationRatio sums numerators and denominators, then divides.
	AggregationRatio Aggregation = "ratio"
	// AggregationWeightedMean weights each value by its territory's population.
	AggregationWeightedMean Aggregation = "weighted_mean"
	// AggregationSum adds the values.
	AggregationSum Aggregation = "sum"
)

// Valid reports whether a is a known rule.
func (a Aggregation) Valid() bool {
	return a == AggregationRatio || a == AggregationWeightedMean || a == AggregationSum
}

// Indicator is one entry of the fragility catalogue. Scale multiplies a ratio
// of sums (100 for a percentage, 10 000 for a rate per 10 000 inhabitants).
type Indicator struct {
	ID            string
	Label         string
	Theme         string
	Unit          string
	Source        string
	Year          int
	FinestLevel   Level
	HigherIsWorse bool
	Aggregation   Aggregation
	Scale         float64
	Synthetic     bool
	Domains       []Domain
}

// IndicatorValue is one indicator's value for one territory and year.
// Numerator and Denominator are set for ratio indicators (Value = Scale ×
// Numerator / Denominator) and zero otherwise.
type IndicatorValue struct {
	IndicatorID   string
	TerritoryCode string
	Year          int
	Value         float64
	Numerator     float64
	Denominator   float64
}
