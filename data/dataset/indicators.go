package dataset

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/maillage/maillage/geo"
)

// indicatorColumns returns the column order of indicators.csv; the first
// nine are required in the header, scale, synthetic and domains may be left
// out.
func indicatorColumns() []string {
	return []string{"id", "label", "theme", "unit", "source", "year", "finest_level", "higher_is_worse",
		"aggregation", "scale", "synthetic", "domains"}
}

// valueColumns returns the column order of indicator_values.csv; numerator
// and denominator may be left out of the header.
func valueColumns() []string {
	return []string{"indicator", "territory", "year", "value", "numerator", "denominator"}
}

// ratioTolerance is how far (relative) a ratio indicator's value may stray
// from scale × numerator / denominator, for files that round their values;
// it is loose enough for one-decimal rounding of a percentage and tight
// enough to catch swapped columns.
const ratioTolerance = 0.01

// ReadIndicators reads the indicator catalogue, indicators.csv. A ratio
// indicator needs a positive scale (100 for a percentage); for the other
// aggregations scale may be empty (0). Domains are separated by ";". It
// needs no Resolver.
func ReadIndicators(body io.Reader, o Options) ([]geo.Indicator, error) {
	p := &problems{file: fileName(o, FileIndicators)}
	cols := indicatorColumns()
	c, err := openCSV(body, p, cols[:9], cols[9:])
	if err != nil {
		return nil, err
	}
	defer c.close()
	seen := map[string]int{}
	var out []geo.Indicator
	for c.next() {
		r := row{line: c.line}
		ind := geo.Indicator{
			ID: r.text("id", c.get("id")), Label: r.text("label", c.get("label")), Theme: r.text("theme", c.get("theme")),
			Unit: c.get("unit"), Source: c.get("source"), Year: r.year("year", c.get("year")),
			FinestLevel: geo.Level(c.get("finest_level")), HigherIsWorse: r.boolean("higher_is_worse", c.get("higher_is_worse")),
			Aggregation: geo.Aggregation(c.get("aggregation")), Synthetic: r.boolean("synthetic", c.get("synthetic")),
			Domains: r.domains("domains", c.get("domains")),
		}
		if first, dup := seen[ind.ID]; dup && ind.ID != "" {
			r.bad("duplicate id %q (first at line %d)", ind.ID, first)
		} else if ind.ID != "" {
			seen[ind.ID] = c.line
		}
		if !ind.FinestLevel.Valid() {
			r.bad("unknown finest_level %q (want %s)", ind.FinestLevel, oneOf(geo.Levels))
		}
		if !ind.Aggregation.Valid() {
			r.bad("unknown aggregation %q (want ratio, weighted_mean or sum)", ind.Aggregation)
		}
		ind.Scale, _ = r.number("scale", c.get("scale"))
		if ind.Aggregation == geo.AggregationRatio && ind.Scale <= 0 {
			r.bad("a ratio indicator needs a positive scale (100 for a percentage)")
		}
		if p.done(&r) {
			out = append(out, ind)
		}
		o.progress(c.count, false)
	}
	return finish(c, p, o, out)
}

// ReadIndicatorValues reads indicator_values.csv, one value per indicator,
// territory and year. The indicator and the territory must be known to the
// Resolver, and the territory no finer than the indicator's finest level.
// The territory is a bare code: the territory of the indicator's finest
// level with that code if there is one, else as ResolveCode says (so "84"
// is Vaucluse unless the indicator's finest level is the région).
// A ratio indicator's row needs numerator and a positive denominator; its
// value may be empty (computed as scale × numerator / denominator) or must
// agree with them within 1 %. Other indicators need a value and no
// numerator or denominator.
func ReadIndicatorValues(body io.Reader, o Options) ([]geo.IndicatorValue, error) {
	p := &problems{file: fileName(o, FileIndicatorValues)}
	cols := valueColumns()
	c, err := openCSV(body, p, cols[:4], cols[4:])
	if err != nil {
		return nil, err
	}
	defer c.close()
	res := resolverOrEmpty(o.Resolver)
	// Duplicates: a file in Sort order (as Write makes it) has strictly
	// increasing keys, so comparing each row with the previous one proves
	// there are none; only an unsorted file pays for the check by sorting.
	var rows blocks[geo.IndicatorValue]
	var lines []int
	var prev geo.IndicatorValue
	sorted := true
	// Consecutive rows usually name the same territory (one row per year):
	// remember the last resolution.
	var lastCode string
	var lastPreferred geo.Level
	var lastRef TerritoryRef
	var lastOK bool
	for c.next() {
		r := row{line: c.line}
		v := geo.IndicatorValue{IndicatorID: r.text("indicator", c.get("indicator")),
			TerritoryCode: r.text("territory", c.get("territory")), Year: r.year("year", c.get("year"))}
		ind, okInd := res.Indicator(v.IndicatorID)
		if v.IndicatorID != "" && !okInd {
			r.bad("indicator %q is not in the catalogue", v.IndicatorID)
		}
		var ter TerritoryRef
		okTer := false
		switch {
		case v.TerritoryCode == "":
		case v.TerritoryCode == lastCode && ind.FinestLevel == lastPreferred && lastOK:
			ter, okTer = lastRef, true
		default:
			ter, okTer = checkTerritoryRef(&r, res, v.TerritoryCode, ind.FinestLevel)
			lastCode, lastPreferred, lastRef, lastOK = v.TerritoryCode, ind.FinestLevel, ter, okTer
		}
		if okInd {
			v.IndicatorID = ind.ID // share one string instead of keeping each record's
		}
		if okTer {
			v.TerritoryCode = ter.Code
		}
		if okInd && okTer && slices.Index(geo.Levels, ter.Level) > slices.Index(geo.Levels, ind.FinestLevel) {
			r.bad("territory %s is a %s, finer than the indicator's finest level %s", v.TerritoryCode, ter.Level, ind.FinestLevel)
		}
		value, hasValue := r.number("value", c.get("value"))
		num, hasNum := r.number("numerator", c.get("numerator"))
		den, hasDen := r.number("denominator", c.get("denominator"))
		v.Value, v.Numerator, v.Denominator = value, num, den
		switch {
		case !okInd || !r.ok():
		case ind.Aggregation == geo.AggregationRatio:
			if !hasNum || !hasDen {
				r.bad("indicator %s is a ratio: numerator and denominator are required", ind.ID)
				break
			}
			if den <= 0 {
				r.bad("denominator %g is not positive", den)
				break
			}
			want := ind.Scale * num / den
			if !hasValue {
				v.Value = want
			} else if math.Abs(value-want) > ratioTolerance*math.Abs(want)+1e-9 {
				r.bad("value %g disagrees with scale × numerator / denominator = %g", value, want)
			}
		default:
			if !hasValue {
				r.bad("value is empty")
			}
			if c.get("numerator") != "" || c.get("denominator") != "" {
				r.bad("numerator and denominator are only for ratio indicators; %s is %s", ind.ID, ind.Aggregation)
			}
		}
		if p.done(&r) {
			if rows.len() > 0 && compareValues(prev, v) >= 0 {
				sorted = false
			}
			prev = v
			rows.add(v)
			lines = append(lines, c.line)
		}
		o.progress(c.count, false)
	}
	if c.err != nil {
		return nil, c.err
	}
	o.progress(c.count, true)
	out := rows.all()
	if !sorted {
		reportDuplicateValues(p, out, lines)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// compareValues orders values by indicator, territory and year, as Sort does.
func compareValues(a, b geo.IndicatorValue) int {
	return cmp.Or(cmp.Compare(a.IndicatorID, b.IndicatorID), cmp.Compare(a.TerritoryCode, b.TerritoryCode), cmp.Compare(a.Year, b.Year))
}

// reportDuplicateValues files every value whose key an earlier line has.
func reportDuplicateValues(p *problems, vs []geo.IndicatorValue, lines []int) {
	order := make([]int, len(vs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return compareValues(vs[i], vs[j]) })
	for start := 0; start < len(order); {
		first := order[start] // the stable sort keeps a run in line order
		end := start + 1
		for end < len(order) && compareValues(vs[first], vs[order[end]]) == 0 {
			v := vs[order[end]]
			p.add(lines[order[end]], "duplicate value of %s for %s in %d (first at line %d)", v.IndicatorID, v.TerritoryCode, v.Year, lines[first])
			end++
		}
		start = end
	}
}

// indicatorRecord is an indicator as a row of indicators.csv.
func indicatorRecord(rec []string, ind geo.Indicator) []string {
	return append(rec[:0], ind.ID, ind.Label, ind.Theme, ind.Unit, ind.Source, strconv.Itoa(ind.Year),
		string(ind.FinestLevel), strconv.FormatBool(ind.HigherIsWorse), string(ind.Aggregation),
		formatNumber(ind.Scale), strconv.FormatBool(ind.Synthetic), joinDomains(ind.Domains))
}

// valueRecord is a value as a row of indicator_values.csv; numerator and
// denominator are written for ratio indicators only.
func valueRecord(rec []string, v geo.IndicatorValue, ratio bool) []string {
	num, den := "", ""
	if ratio {
		num, den = formatNumber(v.Numerator), formatNumber(v.Denominator)
	}
	return append(rec[:0], v.IndicatorID, v.TerritoryCode, strconv.Itoa(v.Year), formatNumber(v.Value), num, den)
}

// formatNumber writes a float as AppendNumber does.
func formatNumber(v float64) string { return string(AppendNumber(nil, v)) }

// checkTerritoryRef resolves a bare territory code (ResolveCode), recording
// a reason when no territory has it.
func checkTerritoryRef(r *row, res Resolver, code string, preferred geo.Level) (TerritoryRef, bool) {
	ref, ok := ResolveCode(res, code, preferred)
	if !ok {
		r.bad("territory %q is not a known territory", code)
	}
	return ref, ok
}
