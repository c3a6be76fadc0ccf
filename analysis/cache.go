package analysis

import (
	"context"
	"math"
	"sync/atomic"

	"github.com/maillage/maillage/data"
	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"
)

// The analyses are computed once per data version and kept: data changes
// rarely (an import, a write), answers are asked for often, and a national
// ranking or portrait costs from a tenth of a second to seconds. An entry
// is keyed by the version the request read (data.Store.Version) and what
// was asked, so a change of the data makes every older entry unreachable
// at once: nothing is ever served stale, whatever process changed the
// data, and processes sharing one database need not talk to each other.
//
// The cache is otter's (W-TinyLFU: a small LRU window before a segmented
// LRU, with a frequency sketch deciding which of two candidates to keep),
// bounded by an estimate of each answer's bytes. It also collapses
// concurrent misses: two requests for the same missing entry compute it
// once, and a waiter whose computing request went away computes it itself
// (otter's Get: a load that failed after its owner's context ended is not
// handed to a waiter whose context is alive). A computation started ahead
// of need may thus run under its request's context, cancellation included.

// DefaultCacheBytes is the cache's bound when Config.CacheBytes is zero:
// a national gap ranking of every commune weighs ~15 MB, a portrait a few
// KB.
const DefaultCacheBytes = 256 << 20

// Config sizes the analysis layer.
type Config struct {
	// CacheBytes bounds the analyses kept, by an estimate of their size in
	// memory. Zero means DefaultCacheBytes; negative keeps nothing.
	CacheBytes int64
	// TileFeatureBudget is the most features of a layer a tile holds before
	// it is aggregated; zero means TileFeatureBudget (tests lower it).
	TileFeatureBudget int
}

// cacheKey names one answer: the data version it was computed from, the
// analysis, and its arguments as text. The indicator values' kinds
// (indicatorKinds) are keyed by the indicators' version instead
// (data.Version.Indicators), which changes of actors, partnerships and
// alliances leave alone.
type cacheKey struct {
	version uint64
	kind    string
	args    string
}

// heldKey is a cacheKey with the request's today (data.TodayOf), which get
// adds: what counts today's partnerships by default changes at midnight,
// and the embedded store's version never does.
type heldKey struct {
	cacheKey
	day int64 // Unix seconds of today's midnight UTC
}

// indicatorKinds are the kinds of answer keyed by the indicators' version.
var indicatorKinds = map[string]bool{"values": true, "national": true, "profiles": true, "gapvalues": true}

// space is the version counter k's version belongs to: 1 for the
// indicators' version, 0 for the data version.
func (k cacheKey) space() int {
	if indicatorKinds[k.kind] {
		return 1
	}
	return 0
}

// cached is one answer with the estimate of its size the bound counts.
type cached struct {
	value any
	bytes uint32
}

// cache keeps answers by version. The zero value (nil *cache) keeps
// nothing and computes every time.
type cache struct {
	c *otter.Cache[heldKey, cached]
	// newest is the highest version seen in each space (cacheKey.space);
	// entries of older versions are dropped once a newer one is seen
	// (PostGIS versions only grow; the embedded store's never changes).
	newest [2]atomic.Uint64
}

func newCache(cfg Config) *cache {
	limit := cfg.CacheBytes
	if limit == 0 {
		limit = DefaultCacheBytes
	}
	if limit < 0 {
		return nil
	}
	return &cache{c: otter.Must(&otter.Options[heldKey, cached]{
		MaximumWeight: uint64(limit),
		Weigher:       func(_ heldKey, v cached) uint32 { return v.bytes },
		StatsRecorder: stats.NewCounter(),
	})}
}

// get returns the answer of k, computing it with compute (which returns
// it with its size estimate) when the cache does not hold it.
func get[T any](ctx context.Context, c *cache, k cacheKey, compute func(ctx context.Context) (T, int, error)) (T, error) {
	load := func(ctx context.Context) (cached, error) {
		v, n, err := compute(ctx)
		if err != nil {
			return cached{}, err
		}
		return cached{value: v, bytes: uint32(min(n, math.MaxUint32))}, nil
	}
	if c == nil {
		v, err := load(ctx)
		if err != nil {
			var zero T
			return zero, err
		}
		return v.value.(T), nil
	}
	c.observe(k)
	held := heldKey{k, data.TodayOf(ctx).Unix()}
	v, err := c.c.Get(ctx, held, otter.LoaderFunc[heldKey, cached](func(ctx context.Context, _ heldKey) (cached, error) {
		return load(ctx)
	}))
	if err != nil {
		var zero T
		return zero, err
	}
	return v.value.(T), nil
}

// observe drops the entries of versions older than k's, in k's space, the
// first time k's version is seen.
func (c *cache) observe(k cacheKey) {
	space, v := k.space(), k.version
	for {
		old := c.newest[space].Load()
		if v <= old {
			return
		}
		if c.newest[space].CompareAndSwap(old, v) {
			break
		}
	}
	for key := range c.c.All() {
		if key.space() == space && key.version < v {
			c.c.Invalidate(key)
		}
	}
}

// CacheStats are the analysis cache's counters since start, for /metrics.
type CacheStats struct {
	Hits, Misses, Evictions uint64
	Entries                 int
	Bytes                   uint64
	LimitBytes              uint64
}

// CacheStats reports the cache's counters (all zero when it is off), after
// the cache's pending upkeep (otter applies writes and evictions in
// batches), so that sizes are those of the entries now held.
func (a *Analyst) CacheStats() CacheStats {
	if a.cache == nil {
		return CacheStats{}
	}
	return StatsOf(a.cache.c)
}

// StatsOf reads an otter cache's counters after its pending upkeep (otter
// applies writes and evictions in batches), so that sizes are those of the
// entries now held: the one reading of both the analysis cache and the
// server's response cache.
func StatsOf[K comparable, V any](c *otter.Cache[K, V]) CacheStats {
	c.CleanUp()
	s := c.Stats()
	return CacheStats{Hits: s.Hits, Misses: s.Misses, Evictions: s.Evictions,
		Entries: c.EstimatedSize(), Bytes: c.WeightedSize(), LimitBytes: c.GetMaximum()}
}

// version returns the version fixed for the request (data.WithVersion: the
// server reads it once per request and derives the ETag from it, so one
// request's answers all belong to one version), or reads the store's.
func (a *Analyst) version(ctx context.Context) (uint64, error) {
	v, err := a.fullVersion(ctx)
	return v.N, err
}

// indicatorsVersion is the version the indicator values are kept under
// (data.Version.IndicatorsVersion).
func (a *Analyst) indicatorsVersion(ctx context.Context) (uint64, error) {
	v, err := a.fullVersion(ctx)
	return v.IndicatorsVersion(), err
}

// fullVersion is the version fixed for the request, or the store's.
func (a *Analyst) fullVersion(ctx context.Context) (data.Version, error) {
	if v, ok := data.VersionOf(ctx); ok {
		return v, nil
	}
	return a.store.Version(ctx)
}
