package memory

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/maillage/maillage/data"
)

// PartnershipYears implements data.Store from the partnerships' either-end
// postings (links.go): each partnership of t is grouped once, and each of
// its ends located in t adds the partnership's years to its actor's, merged
// into runs per actor once every partnership is read.
func (s *Store) PartnershipYears(ctx context.Context, t data.TerritoryRef) (data.PartnershipYears, error) {
	if err := data.CheckTerritoryTally(t); err != nil {
		return data.PartnershipYears{}, err
	}
	if err := ctx.Err(); err != nil {
		return data.PartnershipYears{}, err
	}
	groups := map[data.PartnershipYearGroup]int64{}
	years := map[int64][][2]int{} // of each actor in t, its partnerships' [start, end] years
	for _, i := range s.collections[data.CollectionPartnerships].touches[t.Level][t.Code] {
		p := &s.ds.Partnerships[i]
		g := data.PartnershipYearGroup{Start: p.Start.Year(), Category: p.Category, Domain: p.Domain, Scale: p.Scale}
		end := math.MaxInt
		if !p.End.IsZero() {
			g.End, end = p.End.Year(), p.End.Year()
		}
		groups[g]++
		for _, id := range []int64{p.ActorA, p.ActorB} {
			at := s.actors[id]
			if placeCode(s.places[at], t.Level) == t.Code && data.PartneringGroupOf(s.ds.Actors[at]) != "" {
				years[id] = append(years[id], [2]int{g.Start, end})
			}
		}
	}
	out := data.PartnershipYears{Groups: []data.PartnershipYearGroup{}, Spans: []data.PartneringSpan{}}
	for g, n := range groups {
		g.N = n
		out.Groups = append(out.Groups, g)
	}
	spans := map[data.PartneringSpan]int64{}
	for id, ys := range years {
		group := data.PartneringGroupOf(s.ds.Actors[s.actors[id]])
		slices.SortFunc(ys, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
		run := ys[0]
		for _, y := range ys[1:] {
			if run[1] == math.MaxInt || y[0] <= run[1]+1 { // still running, overlapping or next year: one run
				run[1] = max(run[1], y[1])
				continue
			}
			spans[openSpan(group, run)]++
			run = y
		}
		spans[openSpan(group, run)]++
	}
	for sp, n := range spans {
		sp.N = n
		out.Spans = append(out.Spans, sp)
	}
	data.SortPartnershipYears(&out)
	return out, nil
}

// openSpan is the span of a run of years, math.MaxInt standing for no end.
func openSpan(group data.PartneringGroup, run [2]int) data.PartneringSpan {
	sp := data.PartneringSpan{Group: group, From: run[0], To: run[1]}
	if run[1] == math.MaxInt {
		sp.To = 0
	}
	return sp
}
