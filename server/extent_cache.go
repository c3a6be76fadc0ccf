package server

import (
	"context"
	"sync"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// extentCache keeps each collection's extent for one data version. The
// PostGIS store scans the whole table for it on every call, and
// /collections asks for every collection's on each request (GDAL on every
// open, QGIS per layer); keyed by the version, a kept extent is never
// older than the rows. It belongs to one Server and is safe for concurrent
// use; two requests missing the same entry at once both ask the store,
// which is cheaper than making one wait.
type extentCache struct {
	mu      sync.Mutex
	entries map[string]extentEntry
}

type extentEntry struct {
	version  uint64
	bound    orb.Bound
	interval *data.Interval
}

// get returns the extent of a collection at data version v, from the
// cache when it was read at that version.
func (c *extentCache) get(ctx context.Context, st data.Collections, v uint64, collection string) (orb.Bound, *data.Interval, error) {
	c.mu.Lock()
	e, ok := c.entries[collection]
	c.mu.Unlock()
	if ok && e.version == v {
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
	c.entries[collection] = extentEntry{version: v, bound: b, interval: iv}
	c.mu.Unlock()
	return b, iv, nil
}
