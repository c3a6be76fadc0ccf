package postgis

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// ActorClusters implements data.Store: clustersPlan groups the actors in
// SQL, one row per non-empty cell, or cellsPlan sums the cells kept by
// actor_cells when the zoom and the filters allow.
func (s *Store) ActorClusters(ctx context.Context, zoom int, q data.ItemsQuery) ([]geo.ActorCluster, error) {
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("actor clusters: %w", err)
	}
	p, err := clustersPlan(zoom, q)
	if err != nil {
		return nil, fmt.Errorf("actor clusters: %w", err)
	}
	if kept, ok := cellsPlan(zoom, q); ok {
		p = kept
	}
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return nil, fmt.Errorf("actor clusters: %w", translate(ctx, err))
	}
	defer rows.Close()
	out := []geo.ActorCluster{}
	kinds := make([]int64, len(geo.ActorKinds))
	for rows.Next() {
		var cl geo.ActorCluster
		var n int64
		dest := []any{&cl.Cell.X, &cl.Cell.Y, &n, &cl.Center[0], &cl.Center[1], &cl.Employees}
		for i := range kinds {
			dest = append(dest, &kinds[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("actor clusters: %w", err)
		}
		cl.Count = int(n)
		cl.ByKind = map[geo.ActorKind]int{}
		for i, k := range geo.ActorKinds {
			if kinds[i] > 0 {
				cl.ByKind[k] = int(kinds[i])
			}
		}
		out = append(out, cl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("actor clusters: %w", translate(ctx, err))
	}
	return out, nil
}
