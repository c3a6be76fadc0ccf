package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
)

// The partners of one actor, as an actor's popup on the map lists them:
// one request for what took the viewer one request for the partnerships
// and one more per partner named.
const (
	PartnersDefault = 12
	PartnersMax     = 200
)

// Partners lists the partners of one actor.
type Partners struct {
	Actor geo.Actor
	// Total counts the actor's partnerships, all of them; Partners holds
	// the first limit in partnership id order.
	Total    int
	Partners []Partner
}

// Partner is the other end of one partnership of the actor.
type Partner struct {
	Partnership int64
	Actor       int64
	Name        string
	Kind        geo.ActorKind
	Category    geo.Category
	Domain      geo.Domain
	Scale       geo.Scale
	// Inactive is the partner's: closed or dissolved since (the
	// partnership stays on record).
	Inactive bool
}

// ActorPartners reads actor id, its partnerships (either end, one read of
// the partnerships layer; during, when set, keeps those active at some
// instant of it) and the first limit partners by id. An unknown actor
// wraps data.ErrNotFound. A partnership of an actor with itself lists the
// actor as its partner.
func (a *Analyst) ActorPartners(ctx context.Context, id int64, limit int, during *data.Interval) (Partners, error) {
	if limit < 1 || limit > PartnersMax {
		return Partners{}, &data.FilterError{Property: "limit", Problem: fmt.Sprintf(": must be 1..%d", PartnersMax)}
	}
	actor, err := a.store.Actor(ctx, id)
	if err != nil {
		return Partners{}, err
	}
	out := Partners{Actor: actor}
	me := &cql2.Number{Value: float64(id), Int: true, Integer: id}
	filter := &cql2.Or{Args: []cql2.Expr{
		&cql2.Compare{Op: cql2.OpEq, Left: &cql2.Property{Name: "actor_a"}, Right: me},
		&cql2.Compare{Op: cql2.OpEq, Left: &cql2.Property{Name: "actor_b"}, Right: me},
	}}
	props := []string{"actor_a", "actor_b", "category", "domain", "scale"}
	q := data.ItemsQuery{Filter: filter, Properties: props, During: during}
	err = a.checkedItems(ctx, data.CollectionPartnerships, q, func(b []byte) error {
		out.Total++
		if len(out.Partners) == limit {
			return nil
		}
		var f struct {
			ID         int64 `json:"id"`
			Properties struct {
				ActorA   int64        `json:"actor_a"`
				ActorB   int64        `json:"actor_b"`
				Category geo.Category `json:"category"`
				Domain   geo.Domain   `json:"domain"`
				Scale    geo.Scale    `json:"scale"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("partnership feature: %w", err)
		}
		p := f.Properties
		other := p.ActorA
		if other == id {
			other = p.ActorB
		}
		out.Partners = append(out.Partners, Partner{Partnership: f.ID, Actor: other, Category: p.Category, Domain: p.Domain, Scale: p.Scale})
		return nil
	})
	if err != nil {
		return Partners{}, fmt.Errorf("partners of actor %d: %w", id, err)
	}
	for i := range out.Partners {
		other, err := a.store.Actor(ctx, out.Partners[i].Actor)
		if errors.Is(err, data.ErrNotFound) {
			continue // deleted since the partnerships were read: listed without a name
		}
		if err != nil {
			return Partners{}, fmt.Errorf("partner %d of actor %d: %w", out.Partners[i].Actor, id, err)
		}
		out.Partners[i].Name, out.Partners[i].Kind, out.Partners[i].Inactive = other.Name, other.Kind, other.Inactive
	}
	return out, nil
}
