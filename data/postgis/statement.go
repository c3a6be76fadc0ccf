package postgis

import (
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb/maptile"
)

// ItemsStatement returns the SQL text and arguments Items runs for q, so
// that a benchmark can time the bare statement against the whole server in
// the same run, and an operator can EXPLAIN what a request costs.
func ItemsStatement(collection string, q data.ItemsQuery) (string, []any, error) {
	src, err := lookupSource(collection, q)
	if err != nil {
		return "", nil, err
	}
	p, err := featuresPlan(src, q)
	if err != nil {
		return "", nil, err
	}
	return p.sql, p.args, nil
}

// TileStatement returns the statement Tile runs for one tile and its
// arguments, for benchmarks that time it apart from the server: it
// answers a flag (over the budget) and the tile.
func TileStatement(collection string, t maptile.Tile, q data.ItemsQuery, budget int) (string, []any, error) {
	src, ok := sourceOf(collection)
	if !ok {
		return "", nil, fmt.Errorf("collection %q: %w", collection, data.ErrNotFound)
	}
	p, err := tilePlan(src, t, q, budget)
	if err != nil {
		return "", nil, err
	}
	return p.sql, p.args, nil
}
