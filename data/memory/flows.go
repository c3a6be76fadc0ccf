package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Flows implements data.Store: the partnerships Items would select (without
// paging) are aggregated by geo.AggregateFlows from their actors' places,
// q.Limit being the number of flows kept; each territory is anchored at
// geo.InteriorPoint, the port of PostGIS's ST_PointOnSurface.
func (s *Store) Flows(ctx context.Context, level geo.Level, q data.ItemsQuery) (geo.FlowSummary, error) {
	if err := data.CheckFlows(level, q); err != nil {
		return geo.FlowSummary{}, fmt.Errorf("flows: %w", err)
	}
	c, err := s.collection(data.CollectionPartnerships)
	if err != nil {
		return geo.FlowSummary{}, err
	}
	if err := q.Validate(); err != nil {
		return geo.FlowSummary{}, fmt.Errorf("flows: %w", err)
	}
	q.After, q.Offset, q.SortBy = "", 0, nil
	sel, err := c.selection(q)
	if err != nil {
		return geo.FlowSummary{}, fmt.Errorf("flows: %w", err)
	}
	var ends []geo.FlowEnd
	err = c.walk(ctx, sel, func(i int32) bool {
		p := &s.ds.Partnerships[i]
		ends = append(ends, geo.FlowEnd{
			From:  placeCode(s.places[s.actors[p.ActorA]], level),
			To:    placeCode(s.places[s.actors[p.ActorB]], level),
			Scale: p.Scale,
		})
		return true
	})
	if err != nil {
		return geo.FlowSummary{}, err
	}
	sum := geo.AggregateFlows(ends, q.Limit)
	sum.Anchors = make(map[string]geo.FlowAnchor, len(sum.Territories))
	for _, t := range sum.Territories {
		if j, ok := s.territory(level, t.Code); ok {
			tr := &s.ds.Territories[j]
			sum.Anchors[t.Code] = geo.FlowAnchor{Name: tr.Name, Point: geo.InteriorPoint(tr.Geometry)}
		}
	}
	return sum, nil
}
