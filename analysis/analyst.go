package analysis

import (
	"context"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Analyst answers the analyses from one store. It holds no per-request
// state and is safe for concurrent use.
type Analyst struct {
	store data.Store
}

// New returns an Analyst reading store; the caller keeps ownership of the
// store (the Analyst never closes it).
func New(store data.Store) *Analyst {
	return &Analyst{store: store}
}

// Observatory computes the RAMEAU figures of a scope (data.Store's
// Observatory: France when level and code are empty).
func (a *Analyst) Observatory(ctx context.Context, level geo.Level, code string) (geo.Observatory, error) {
	return a.store.Observatory(ctx, level, code)
}

// Flows aggregates the partnerships matching q between the territories of
// level (data.Store's Flows).
func (a *Analyst) Flows(ctx context.Context, level geo.Level, q data.ItemsQuery) (geo.FlowSummary, error) {
	return a.store.Flows(ctx, level, q)
}

// ActorClusters counts the actors matching q by cell of the zoom's grid
// (data.Store's ActorClusters).
func (a *Analyst) ActorClusters(ctx context.Context, zoom int, q data.ItemsQuery) ([]geo.ActorCluster, error) {
	return a.store.ActorClusters(ctx, zoom, q)
}
