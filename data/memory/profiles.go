package memory

import (
	"context"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// TerritoryProfiles implements data.Store over the dataset's territories,
// which it holds in code order.
func (s *Store) TerritoryProfiles(ctx context.Context, level geo.Level) ([]geo.Territory, error) {
	if err := data.CheckProfilesLevel(level); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []geo.Territory{}
	for _, t := range s.ds.Territories {
		if t.Level == level {
			t.Geometry = nil
			out = append(out, t)
		}
	}
	return out, nil
}
