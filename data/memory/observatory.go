package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// ObservatoryCounts implements data.Store: geo.CountObservatory over the
// actors in scope and the partnerships with at least one end among them. Level and
// code both "" are France: every actor not abroad. Otherwise they name a
// territory (an unknown one wraps data.ErrNotFound, as does a code without a
// level) and the scope is its actors: those whose commune is it or lies in
// it. With during, only the partnerships active then count. The kinds map
// is the store's own, shared between calls:
// ComputeObservatory only reads it.
func (s *Store) ObservatoryCounts(ctx context.Context, level geo.Level, code string, during *data.Interval) (data.ObservatoryCounts, error) {
	if err := ctx.Err(); err != nil {
		return data.ObservatoryCounts{}, err
	}
	if level != "" || code != "" {
		// s.territory rejects an empty or unknown level; no territory has
		// an empty code.
		if _, ok := s.territory(level, code); !ok {
			return data.ObservatoryCounts{}, fmt.Errorf("observatory of %s %q: %w", level, code, data.ErrNotFound)
		}
	}
	in := geo.ObservatoryInput{Level: level, Territory: code, Kinds: s.kinds, ScaleFactor: s.scaleFactor}
	inScope := make(map[int64]bool, len(s.ds.Actors))
	for j, a := range s.ds.Actors {
		if j%4096 == 4095 && ctx.Err() != nil {
			return data.ObservatoryCounts{}, ctx.Err()
		}
		if placeIn(s.places[j], level, code) {
			in.Actors = append(in.Actors, a)
			inScope[a.ID] = true
		}
	}
	for j, p := range s.ds.Partnerships {
		if j%4096 == 4095 && ctx.Err() != nil {
			return data.ObservatoryCounts{}, ctx.Err()
		}
		if (inScope[p.ActorA] || inScope[p.ActorB]) && (during == nil || during.ActiveDuring(p.Start, p.End)) {
			in.Partnerships = append(in.Partnerships, p)
		}
	}
	counts, err := geo.CountObservatory(ctx, in)
	if err != nil {
		return data.ObservatoryCounts{}, err
	}
	return data.ObservatoryCounts{Counts: counts, ScaleFactor: s.scaleFactor}, nil
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
