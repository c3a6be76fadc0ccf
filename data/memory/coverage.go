package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Coverage implements data.Store from the partnerships collection's
// either-end index, which lists each partnership once per territory it
// touches, exactly the count coverage needs.
func (s *Store) Coverage(ctx context.Context, level geo.Level, within *data.TerritoryRef, during *data.Interval) ([]data.TerritoryCoverage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := data.CheckCoverage(level, within); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	var idx []int32
	if within != nil {
		p, ok := s.territory(within.Level, within.Code)
		if !ok {
			return nil, fmt.Errorf("coverage within %s %q: %w", within.Level, within.Code, data.ErrNotFound)
		}
		idx = s.children[childKey{p, int8(levelIndex(level))}]
	} else {
		for i, t := range s.ds.Territories {
			if t.Level == level {
				idx = append(idx, int32(i))
			}
		}
	}
	touches := s.collections[data.CollectionPartnerships].touches[level]
	out := make([]data.TerritoryCoverage, len(idx))
	for n, i := range idx {
		if n%1024 == 1023 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		t := &s.ds.Territories[i]
		c := data.TerritoryCoverage{Code: t.Code, Name: t.Name, Population: t.Population}
		for _, j := range touches[t.Code] {
			p := &s.ds.Partnerships[j]
			if during != nil && !during.ActiveDuring(p.Start, p.End) {
				continue
			}
			if d := p.Domain.Index(); d >= 0 {
				c.ByDomain[d]++
			}
			c.Partnerships++
		}
		out[n] = c
	}
	return out, nil
}
