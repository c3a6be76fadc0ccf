package analysis

import (
	"context"
	"time"

	"github.com/maillage/maillage/data"
)

// CountItems counts the features of a collection of src matching q, once
// per query and data version: the count behind numberMatched, which every
// page of a query repeats and which costs a scan of up to CountCap rows on
// PostGIS. Paging (After, Offset, Limit) plays no part, so the pages of one
// query share one count.
func (a *Analyst) CountItems(ctx context.Context, src data.Collections, collection string, q data.ItemsQuery) (int64, error) {
	k, err := a.countKey(ctx, collection, q)
	if err != nil {
		return 0, err
	}
	return get(ctx, a.cache, k, func(ctx context.Context) (int64, int, error) {
		n, err := src.CountItems(ctx, collection, q)
		return n, 64 + len(k.args), err
	})
}

// countKey is the cache key of CountItems's count of q at the request's
// version; paging plays no part.
func (a *Analyst) countKey(ctx context.Context, collection string, q data.ItemsQuery) (cacheKey, error) {
	q.After, q.Offset, q.Limit = "", 0, 0
	v, err := a.version(ctx)
	if err != nil {
		return cacheKey{}, err
	}
	return cacheKey{v, "count", collection + "/" + queryKey(q)}, nil
}

// HoldsCount reports whether the cache holds CountItems's count of q for
// the request's version and day, without counting, and without touching
// the cache's counters or its eviction order (a look, not a use: the
// request then reads the count through CountItems, or leaves it); false
// when the cache is off (Caches).
func (a *Analyst) HoldsCount(ctx context.Context, collection string, q data.ItemsQuery) bool {
	if a.cache == nil {
		return false
	}
	k, err := a.countKey(ctx, collection, q)
	if err != nil {
		return false
	}
	_, ok := a.cache.c.GetEntryQuietly(heldKey{k, data.TodayOf(ctx).Unix()})
	return ok
}

// Caches reports whether the analysis layer keeps answers (Config.CacheBytes
// not negative).
func (a *Analyst) Caches() bool { return a.cache != nil }

// laterCounts bounds the counts CountLater runs at once: each holds a
// database connection for up to a national scan, and a burst of new
// queries must not turn into a burst of background scans.
const laterCounts = 2

// CountLater starts CountItems's count of q in the background, so that the
// query's next request finds it held, and reports whether it started: not
// when laterCounts counts are already running (a later request will ask
// again) or when the cache is off (nothing would keep it). The count
// belongs to ctx's version and day but not to its cancellation: it
// outlives the request that asked for it, bounded by timeout. Its error
// is dropped with it; the next request counts again.
func (a *Analyst) CountLater(ctx context.Context, timeout time.Duration, src data.Collections, collection string, q data.ItemsQuery) bool {
	if a.cache == nil {
		return false
	}
	select {
	case a.later <- struct{}{}:
	default:
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	go func() {
		defer func() { <-a.later }()
		defer cancel()
		_, _ = a.CountItems(ctx, src, collection, q)
	}()
	return true
}
