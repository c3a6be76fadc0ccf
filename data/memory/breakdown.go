package memory

import (
	"context"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// PartnershipBreakdown implements data.Store from the partnerships' either-
// end postings (links.go), the list the Touches filter reads.
func (s *Store) PartnershipBreakdown(ctx context.Context, t data.TerritoryRef, during *data.Interval) (data.PartnershipBreakdown, error) {
	if err := data.CheckTerritoryTally(t); err != nil {
		return data.PartnershipBreakdown{}, err
	}
	if err := ctx.Err(); err != nil {
		return data.PartnershipBreakdown{}, err
	}
	out := data.PartnershipBreakdown{ByCategory: map[geo.Category]int64{}, ByDomain: map[geo.Domain]int64{},
		ByScale: map[geo.Scale]int64{}, ByStage: map[geo.Stage]int64{}}
	for _, i := range s.collections[data.CollectionPartnerships].touches[t.Level][t.Code] {
		p := &s.ds.Partnerships[i]
		if during != nil && !during.ActiveDuring(p.Start, p.End) {
			continue
		}
		out.Total++
		out.ByCategory[p.Category]++
		out.ByDomain[p.Domain]++
		out.ByScale[p.Scale]++
		if p.Stage != "" {
			out.ByStage[p.Stage]++
		}
	}
	return out, nil
}
