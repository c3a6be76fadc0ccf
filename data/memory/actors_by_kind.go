package memory

import (
	"context"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// ActorsByKind implements data.Store over the actors' places, the ones
// the territory queryables of the actors layer read.
func (s *Store) ActorsByKind(ctx context.Context, t data.TerritoryRef) (map[geo.ActorKind]int64, error) {
	if err := data.CheckTerritoryTally(t); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[geo.ActorKind]int64, len(geo.ActorKinds))
	for _, k := range geo.ActorKinds {
		out[k] = 0
	}
	for i, a := range s.ds.Actors {
		if i%4096 == 4095 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !a.Inactive && placeCode(s.places[i], t.Level) == t.Code {
			out[a.Kind]++
		}
	}
	return out, nil
}
