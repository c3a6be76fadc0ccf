package server

import (
	"context"
	"sync"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// extentTTL is how long a collection's extent is reused. The PostGIS store
// scans the whole table for it on every call, and /collections asks for
// every collection's on each request (GDAL on every open, QGIS per layer);
// an extent a minute old after an import is harmless, since clients use it
// to zoom, not to filter.
const extentTTL = time.Minute

// extentCache keeps each collection's extent for extentTTL. It belongs to
// one Server and is safe for concurrent use; two requests missing the same
// entry at once both ask the store, which is cheaper than making one wait.
type extentCache struct {
	mu      sync.Mutex
	entries map[string]extentEntry
}

type extentEntry struct {
	bound    orb.Bound
	interval *data.Interval
	at       time.Time
}

// get returns the extent of a collection, from the cache while fresh.
func (c *extentCache) get(ctx context.Context, st data.Collections, collection string) (orb.Bound, *data.Interval, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[collection]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < extentTTL {
		return e.bound, e.interval, nil
	}
	b, iv, err := st.Extent(ctx, collection)
	if err != nil {
		return orb.Bound{}, nil, err
	}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]extentEntry{}
	}
	c.entries[collection] = extentEntry{bound: b, interval: iv, at: now}
	c.mu.Unlock()
	return b, iv, nil
}
