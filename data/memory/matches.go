package memory

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// MatchCandidates implements data.Store: the actors whose place lies in t,
// and among the partnerships touching t (the either-end index) those
// linking two candidates.
func (s *Store) MatchCandidates(ctx context.Context, t data.TerritoryRef) (data.MatchCandidates, error) {
	if err := ctx.Err(); err != nil {
		return data.MatchCandidates{}, err
	}
	if err := data.CheckMatchCandidates(t); err != nil {
		return data.MatchCandidates{}, fmt.Errorf("match candidates: %w", err)
	}
	if _, ok := s.territory(t.Level, t.Code); !ok {
		return data.MatchCandidates{}, fmt.Errorf("match candidates in %s %q: %w", t.Level, t.Code, data.ErrNotFound)
	}
	out := data.MatchCandidates{Companies: []geo.Actor{}, Associations: []geo.Actor{}, Partnered: geo.PairSet{}}
	role := map[int64]geo.ActorKind{}
	for i, a := range s.ds.Actors { // in id order
		if i%4096 == 4095 && ctx.Err() != nil {
			return data.MatchCandidates{}, ctx.Err()
		}
		if a.Inactive || placeCode(s.places[i], t.Level) != t.Code {
			continue // a closed or dissolved actor is never suggested
		}
		switch {
		case a.Kind == geo.KindEntreprise && a.Employees >= geo.MinMatchEmployees:
			out.Companies = append(out.Companies, a)
			role[a.ID] = a.Kind
		case a.Kind == geo.KindAssociation:
			out.Associations = append(out.Associations, a)
			role[a.ID] = a.Kind
		}
	}
	for _, j := range s.collections[data.CollectionPartnerships].touches[t.Level][t.Code] {
		p := s.ds.Partnerships[j]
		ka, okA := role[p.ActorA]
		kb, okB := role[p.ActorB]
		if okA && okB && ka != kb {
			out.Partnered.Add(p.ActorA, p.ActorB)
		}
	}
	return out, nil
}
