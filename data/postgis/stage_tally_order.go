package postgis

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/geo"
)

// The summaries' keys are built after their rows are copied (bulk.go),
// by sorting them; rows copied in the key's order are found sorted, and
// the build merely checks it: the 900 000 rows of partnership_flow_counts
// took 3.0 s to key in the order a map gives them, 0.9 s in the key's. So
// the tally copies the flows, the tallies, the end counts and the classes
// (stage_classes.go) in their key's order. Text keys of the database's
// default collation (categories, domains, scales, sectors, groups) are
// ranked as PostgreSQL orders them (collationRanks); the codes and levels
// have the "C" collation, Go's order of strings. An order that differs
// from PostgreSQL's would only make the build slower
// (TestBulkSummariesInKeyOrder checks it).

// collationRanks ranks values as PostgreSQL orders them by the database's
// default collation.
func collationRanks(ctx context.Context, tx pgx.Tx, values []string) (map[string]int, error) {
	rows, _ := tx.Query(ctx, "SELECT v FROM unnest($1::text[]) AS v ORDER BY v", values)
	sorted, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("collation order: %w", err)
	}
	ranks := make(map[string]int, len(sorted))
	for i, v := range sorted {
		ranks[v] = i
	}
	return ranks, nil
}

// vocabulary is every value of the summaries' text keys of the default
// collation, "" (none) included: categories, domains, scales, sectors and
// the associations' groups.
func vocabulary() []string {
	words := []string{""}
	for _, c := range geo.Categories {
		words = append(words, string(c))
	}
	for _, d := range geo.Domains {
		words = append(words, string(d))
	}
	for _, s := range geo.Scales {
		words = append(words, string(s))
	}
	for _, s := range geo.Sectors {
		words = append(words, string(s))
	}
	return append(words, "autre") // an association's group of no domain
}

// flowRows yields the rows of partnership_flow_counts in its key's order:
// level, category, domain, a, b, scale, the level and codes of the "C"
// collation.
func (t *partnershipTally) flowRows(rank map[string]int) iter.Seq[[]any] {
	type flow struct {
		key    flowKey
		counts *flowCounts
	}
	flows := make([]flow, 0, len(t.flows))
	for k, c := range t.flows {
		flows = append(flows, flow{k, c})
	}
	level := func(l uint8) string { return string(geo.Levels[l]) }
	slices.SortFunc(flows, func(x, y flow) int {
		cx, cy := t.codes[x.key.level].names, t.codes[y.key.level].names
		return cmp.Or(cmp.Compare(level(x.key.level), level(y.key.level)),
			cmp.Compare(cx[x.key.a], cy[y.key.a]), cmp.Compare(cx[x.key.b], cy[y.key.b]),
			cmp.Compare(rank[string(geo.Scales[x.key.scale])], rank[string(geo.Scales[y.key.scale])]))
	})
	// A flow's rows: every partnership, then by category, then by domain
	// (flowCounts), each at its place in the key's order.
	type row struct {
		category, domain string
		at               int
	}
	rows := []row{{"", "", 0}}
	for i, c := range geo.Categories {
		rows = append(rows, row{string(c), "", 1 + i})
	}
	for i, d := range geo.Domains {
		rows = append(rows, row{"", string(d), 1 + len(geo.Categories) + i})
	}
	slices.SortFunc(rows, func(x, y row) int {
		return cmp.Or(cmp.Compare(rank[x.category], rank[y.category]), cmp.Compare(rank[x.domain], rank[y.domain]))
	})
	return func(yield func([]any) bool) {
		for start := 0; start < len(flows); {
			end := start
			for end < len(flows) && flows[end].key.level == flows[start].key.level {
				end++
			}
			codes := t.codes[flows[start].key.level].names
			for _, r := range rows {
				for _, f := range flows[start:end] {
					n := f.counts[r.at]
					if n != 0 && !yield([]any{level(f.key.level), r.category, r.domain, codes[f.key.a], codes[f.key.b],
						string(geo.Scales[f.key.scale]), n}) {
						return
					}
				}
			}
			start = end
		}
	}
}

// territoryRows yields the rows of territory_partnership_counts, those of
// a territory with a counted partnership.
func (t *partnershipTally) territoryRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for l, counts := range t.territories {
			for code, c := range counts {
				if c[0] == 0 { // code 0, or one of no counted partnership
					continue
				}
				row := append(make([]any, 0, 2+len(c)), string(geo.Levels[l]), t.codes[l].names[code])
				for _, n := range c {
					row = append(row, n)
				}
				if !yield(row) {
					return
				}
			}
		}
	}
}

// tallyRows yields the rows of actor_tallies by actor.
func (t *partnershipTally) tallyRows() iter.Seq[[]any] {
	order := make([]int, len(t.actors))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(t.actors[x], t.actors[y]) })
	return func(yield func([]any) bool) {
		for _, i := range order {
			c := &t.tallies[i]
			row := append(make([]any, 0, 1+len(c)), t.actors[i])
			for _, n := range c {
				row = append(row, n)
			}
			if !yield(row) {
				return
			}
		}
	}
}

// endRows yields the rows of partnership_end_counts in its key's order:
// domain, scale, each end's région and département ("C" collation), then
// its France, company and sector.
func (t *partnershipTally) endRows(rank map[string]int) iter.Seq[[]any] {
	type end struct {
		key endKey
		n   int64
	}
	ends := make([]end, 0, len(t.ends))
	for k, n := range t.ends {
		ends = append(ends, end{k, n})
	}
	r, d := t.codes[0].names, t.codes[1].names
	slices.SortFunc(ends, func(x, y end) int {
		a, b := x.key, y.key
		return cmp.Or(cmp.Compare(rank[string(geo.Domains[a.domain])], rank[string(geo.Domains[b.domain])]),
			cmp.Compare(rank[string(geo.Scales[a.scale])], rank[string(geo.Scales[b.scale])]),
			cmp.Compare(r[a.aRegion], r[b.aRegion]), cmp.Compare(d[a.aDepartement], d[b.aDepartement]),
			cmp.Compare(r[a.bRegion], r[b.bRegion]), cmp.Compare(d[a.bDepartement], d[b.bDepartement]),
			compareBool(a.aFR, b.aFR), compareBool(a.bFR, b.bFR),
			compareBool(a.aCompany, b.aCompany), compareBool(a.bCompany, b.bCompany),
			cmp.Compare(rank[sectorName(a.aSector)], rank[sectorName(b.aSector)]),
			cmp.Compare(rank[sectorName(a.bSector)], rank[sectorName(b.bSector)]))
	})
	return func(yield func([]any) bool) {
		for _, e := range ends {
			k := e.key
			if !yield([]any{string(geo.Domains[k.domain]), string(geo.Scales[k.scale]),
				r[k.aRegion], d[k.aDepartement], r[k.bRegion], d[k.bDepartement],
				k.aFR, k.bFR, k.aCompany, k.bCompany, sectorName(k.aSector), sectorName(k.bSector), e.n}) {
				return
			}
		}
	}
}

// compareBool orders false before true, as PostgreSQL does.
func compareBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}
