package data

import (
	"errors"
	"fmt"
	"slices"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb/maptile"
)

// ErrTileBudget is a tile holding more features than the caller's budget
// (Features.Tile): not an error of the store's, a question answered.
var ErrTileBudget = errors.New("data: more features in the tile than its budget")

// TileProperties returns the properties a vector tile of c carries, in
// catalogue order: those selected (ItemsQuery.Properties) when names is
// not nil, else c.TileProperties, the few a map draws and labels with
// (a tile must stay small; every property is one request away on the
// item). A list of objects (an alliance's members) has no vector-tile
// type: a selection naming one is a *FilterError naming "properties", as
// is an unknown name.
func (c Collection) TileProperties(names []string) ([]Property, error) {
	if names == nil {
		names = c.TileFields
	}
	props, err := c.SelectedProperties(names)
	if err != nil {
		return nil, err
	}
	return props, nil
}

// TileOfIndicatorsVersion reports whether c's tiles carrying the named
// properties (nil: c.TileFields) depend only on what the indicators'
// version covers (Version.Indicators: the territories, contours included,
// and the indicators): a territory collection's tiles without the
// alliance counts, which are counted from the alliances. Such a tile
// outlives every write of actors, partnerships and alliances: the map's
// areas stay cached while authorities edit their data.
func (c Collection) TileOfIndicatorsVersion(names []string) bool {
	if c.Level == "" {
		return false
	}
	if names == nil {
		names = c.TileFields
	}
	return !slices.ContainsFunc(names, func(n string) bool { return slices.Contains(territoryCountedProperties, n) })
}

// CheckTile reports a tile no store serves, as a *FilterError naming the
// coordinate: z beyond geo.MaxTileZoom ("z"), a column or row beyond the
// matrix of its zoom ("x", "y").
func CheckTile(t maptile.Tile) error {
	if t.Z > geo.MaxTileZoom {
		return &FilterError{"z", fmt.Sprintf("=%d is not an integer in 0..%d", t.Z, geo.MaxTileZoom)}
	}
	n := uint32(1) << t.Z
	if t.X >= n {
		return &FilterError{"x", fmt.Sprintf("=%d is outside 0..%d at zoom %d", t.X, n-1, t.Z)}
	}
	if t.Y >= n {
		return &FilterError{"y", fmt.Sprintf("=%d is outside 0..%d at zoom %d", t.Y, n-1, t.Z)}
	}
	return nil
}

// TileQuery is ItemsQuery for one tile: its box (the tile and its buffer,
// geo.TileBound) replaces q's, and paging, sorting and the CRS play no
// part.
func TileQuery(t maptile.Tile, q ItemsQuery) ItemsQuery {
	b := geo.TileBound(t, geo.TileBuffer)
	return ItemsQuery{BBox: &b, Equals: q.Equals, During: q.During, Touches: q.Touches, Filter: q.Filter, Properties: q.Properties}
}
