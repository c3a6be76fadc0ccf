package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Observatory implements data.Store: geo.ComputeObservatory over the actors
// in scope and the partnerships with at least one end among them. The scope
// "" is France: every actor not abroad. Otherwise territory is a bare code
// (a département before the région with the same code, as
// dataset.ResolveCode) and the scope its actors: those whose commune is it
// or lies in it. The kinds map is the store's own, shared between calls:
// ComputeObservatory only reads it.
func (s *Store) Observatory(ctx context.Context, territory string) (geo.Observatory, error) {
	if err := ctx.Err(); err != nil {
		return geo.Observatory{}, err
	}
	in := geo.ObservatoryInput{Territory: territory, Kinds: s.kinds, ScaleFactor: s.scaleFactor}
	var level geo.Level
	if territory != "" {
		i, ok := s.lookupBare(territory)
		if !ok {
			return geo.Observatory{}, fmt.Errorf("territory %q: %w", territory, data.ErrNotFound)
		}
		level = s.ds.Territories[i].Level
	}
	inScope := make(map[int64]bool, len(s.ds.Actors))
	for j, a := range s.ds.Actors {
		if inside := placeIn(s.places[j], level, territory); inside {
			in.Actors = append(in.Actors, a)
			inScope[a.ID] = true
		}
	}
	for _, p := range s.ds.Partnerships {
		if inScope[p.ActorA] || inScope[p.ActorB] {
			in.Partnerships = append(in.Partnerships, p)
		}
	}
	return geo.ComputeObservatory(in), nil
}

// placeIn reports whether a place lies in the territory of the given level
// and code; the zero level and code stand for France.
func placeIn(p geo.Place, level geo.Level, code string) bool {
	switch level {
	case "":
		return !p.Abroad()
	case geo.LevelRegion:
		return p.Region == code
	case geo.LevelDepartement:
		return p.Departement == code
	case geo.LevelEPCI:
		return p.EPCI == code
	case geo.LevelCommune:
		return p.Commune == code
	}
	return false
}
