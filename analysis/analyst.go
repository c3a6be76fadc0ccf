package analysis

import (
	"context"
	"strconv"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Analyst answers the analyses from one store, each computed once per data
// version and kept (cache.go). It holds no per-request state and is safe
// for concurrent use.
//
// Answers are shared between the requests that ask for them: callers must
// not modify what they are given (slices, maps, pointed-to values).
type Analyst struct {
	store  data.Store
	cache  *cache
	budget int // of a tile's features (Config.TileFeatureBudget)
	// later holds a token per count CountLater runs (laterCounts).
	later chan struct{}
}

// New returns an Analyst reading store; the caller keeps ownership of the
// store (the Analyst never closes it).
func New(store data.Store, cfg Config) *Analyst {
	budget := cfg.TileFeatureBudget
	if budget <= 0 {
		budget = TileFeatureBudget
	}
	return &Analyst{store: store, cache: newCache(cfg), budget: budget, later: make(chan struct{}, laterCounts)}
}

// Observatory builds the RAMEAU figures of a scope (France when level and
// code are empty; the territory of that level and code otherwise) from the
// store's counts (data.Store's ObservatoryCounts), by
// geo.ObservatoryFromCounts, the one definition of the figures. during,
// when set, counts only the partnerships active then.
func (a *Analyst) Observatory(ctx context.Context, level geo.Level, code string, during *data.Interval) (geo.Observatory, error) {
	v, err := a.version(ctx)
	if err != nil {
		return geo.Observatory{}, err
	}
	args := string(level) + "/" + code
	if during != nil {
		args += "/during=" + during.Start.String() + "/" + during.End.String()
	}
	k := cacheKey{v, "observatory", args}
	return get(ctx, a.cache, k, func(ctx context.Context) (geo.Observatory, int, error) {
		c, err := a.store.ObservatoryCounts(ctx, level, code, during)
		if err != nil {
			return geo.Observatory{}, 0, err
		}
		return geo.ObservatoryFromCounts(level, code, c.Counts, c.ScaleFactor), 4 << 10, nil
	})
}

// Flows aggregates the partnerships matching q between the territories of
// level (data.Store's Flows).
func (a *Analyst) Flows(ctx context.Context, level geo.Level, q data.ItemsQuery) (geo.FlowSummary, error) {
	v, err := a.version(ctx)
	if err != nil {
		return geo.FlowSummary{}, err
	}
	k := cacheKey{v, "flows", string(level) + "/" + queryKey(q)}
	return get(ctx, a.cache, k, func(ctx context.Context) (geo.FlowSummary, int, error) {
		f, err := a.store.Flows(ctx, level, q)
		return f, 512 + 96*len(f.Flows) + 128*(len(f.Territories)+len(f.Anchors)), err
	})
}

// ActorClusters counts the actors matching q by cell of the zoom's grid
// (data.Store's ActorClusters).
func (a *Analyst) ActorClusters(ctx context.Context, zoom int, q data.ItemsQuery) ([]geo.ActorCluster, error) {
	v, err := a.version(ctx)
	if err != nil {
		return nil, err
	}
	k := cacheKey{v, "clusters", strconv.Itoa(zoom) + "/" + queryKey(q)}
	return get(ctx, a.cache, k, func(ctx context.Context) ([]geo.ActorCluster, int, error) {
		cs, err := a.store.ActorClusters(ctx, zoom, q)
		return cs, 64 + 192*len(cs), err
	})
}
