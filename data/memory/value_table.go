package memory

import (
	"slices"

	"github.com/maillage/maillage/geo"
)

// The indicator values are the largest table of a demo: 418 500 rows,
// 27 MB as geo.IndicatorValue (two strings, a year and three floats each).
// The store keeps only what its answers read: each indicator's values at
// its finest level, per year, as the position of the territory and the
// numbers, numerator and denominator only where some value has one (ratio
// indicators): 12 to 28 bytes a value. A value whose territory is not of
// its indicator's finest level is never answered (PostGIS resolves a code
// to that level first) and is not kept.

// valueRun is one indicator's finest-level values for one year, in the
// order of their territories' codes (values with the same territory keep
// the order they came in).
type valueRun struct {
	year        int
	territories []int32 // positions in ds.Territories
	values      []float64
	// numerators and denominators are nil when every value of the run
	// has both zero, as non-ratio indicators do.
	numerators, denominators []float64
}

// valueTable holds each indicator's runs by indicator id, years ascending.
type valueTable map[string][]valueRun

// run returns id's run for year, nil when there is none.
func (t valueTable) run(id string, year int) *valueRun {
	runs := t[id]
	for i := range runs {
		if runs[i].year == year {
			return &runs[i]
		}
	}
	return nil
}

// newValueTable lays out vs, which it only reads. territory finds a
// territory's position by level and code.
func newValueTable(inds []geo.Indicator, vs []geo.IndicatorValue, territory func(geo.Level, string) (int32, bool)) valueTable {
	finest := make(map[string]geo.Level, len(inds))
	for _, ind := range inds {
		finest[ind.ID] = ind.FinestLevel
	}
	type runKey struct {
		id   string
		year int
	}
	// First pass: each value's territory and run, and each run's size, so
	// that the runs are allocated once at their size.
	at := make([]int32, len(vs)) // position of the territory, -1 for a value not kept
	runOf := make([]int32, len(vs))
	runs := map[runKey]int32{}
	var keys []runKey
	var sizes []int
	var lastID string
	var lastLevel geo.Level
	lastOK := false
	for i, v := range vs {
		at[i] = -1
		if v.IndicatorID != lastID || i == 0 {
			lastID = v.IndicatorID
			lastLevel, lastOK = finest[v.IndicatorID]
		}
		if !lastOK {
			continue
		}
		t, ok := territory(lastLevel, v.TerritoryCode)
		if !ok {
			continue
		}
		k := runKey{v.IndicatorID, v.Year}
		r, seen := runs[k]
		if !seen {
			r = int32(len(keys))
			runs[k] = r
			keys = append(keys, k)
			sizes = append(sizes, 0)
		}
		at[i], runOf[i] = t, r
		sizes[r]++
	}
	out := make([]valueRun, len(keys))
	ratio := make([]bool, len(keys))
	for r, k := range keys {
		out[r] = valueRun{year: k.year, territories: make([]int32, 0, sizes[r]), values: make([]float64, 0, sizes[r])}
	}
	for i, v := range vs {
		if at[i] < 0 {
			continue
		}
		r := runOf[i]
		out[r].territories = append(out[r].territories, at[i])
		out[r].values = append(out[r].values, v.Value)
		ratio[r] = ratio[r] || v.Numerator != 0 || v.Denominator != 0
	}
	for i, v := range vs { // a third pass, over the ratio indicators' values only
		if r := runOf[i]; at[i] >= 0 && ratio[r] {
			if out[r].numerators == nil {
				out[r].numerators, out[r].denominators = make([]float64, 0, sizes[r]), make([]float64, 0, sizes[r])
			}
			out[r].numerators = append(out[r].numerators, v.Numerator)
			out[r].denominators = append(out[r].denominators, v.Denominator)
		}
	}
	table := valueTable{}
	for r, k := range keys {
		out[r].sortByTerritory()
		table[k.id] = append(table[k.id], out[r])
	}
	for _, runs := range table {
		slices.SortFunc(runs, func(a, b valueRun) int { return a.year - b.year })
	}
	return table
}

// sortByTerritory puts the run in territory order, stably; a run read from
// a sorted dataset already is.
func (r *valueRun) sortByTerritory() {
	if slices.IsSorted(r.territories) {
		return
	}
	order := make([]int, len(r.territories))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(r.territories[a]) - int(r.territories[b]) })
	r.territories = permute(r.territories, order)
	r.values = permute(r.values, order)
	if r.numerators != nil {
		r.numerators = permute(r.numerators, order)
		r.denominators = permute(r.denominators, order)
	}
}

// permute returns xs in the order of positions order.
func permute[T any](xs []T, order []int) []T {
	out := make([]T, len(xs))
	for i, j := range order {
		out[i] = xs[j]
	}
	return out
}
