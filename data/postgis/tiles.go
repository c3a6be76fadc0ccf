package postgis

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb/maptile"
)

// Tile implements data.Store: PostgreSQL builds the tile with ST_AsMVT
// over ST_AsMVTGeom, the features found by the 4326 GiST index of the
// collection's geometry in the tile's buffered box (the same WHERE clause
// as a page of items), projected to Web Mercator row by row.
func (s *Store) Tile(ctx context.Context, collection string, t maptile.Tile, q data.ItemsQuery) ([]byte, error) {
	src, ok := sourceOf(collection)
	if !ok {
		return nil, fmt.Errorf("collection %q: %w", collection, data.ErrNotFound)
	}
	p, err := tilePlan(src, t, q)
	if err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, err)
	}
	var tile []byte
	if err := s.reader(ctx).QueryRow(ctx, p.sql, p.custom()...).Scan(&tile); err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, translate(ctx, err))
	}
	if len(tile) == 0 {
		return nil, nil
	}
	return tile, nil
}

// tilePlan is the statement of one tile of src: ST_AsMVT over one row per
// feature whose geometry ST_AsMVTGeom leaves something of. Each property
// is cast to the catalogue's type, so that a smallint and a bigint, or a
// date and a text, are the same MVT value type in every tile; integer ids
// are the features' ids, territory codes a property.
func tilePlan(src source, t maptile.Tile, q data.ItemsQuery) (plan, error) {
	if err := data.CheckTile(t); err != nil {
		return plan{}, err
	}
	props, err := src.meta.TileProperties(q.Properties)
	if err != nil {
		return plan{}, err
	}
	var args argList
	layer := args.add(src.meta.ID)
	// The box test is && alone, on envelopes, as for points: a line is
	// straight in Web Mercator once in the tile, not in lon/lat, so
	// ST_Intersects in 4326 could drop a line the tile shows, and
	// ST_AsMVTGeom clips in the tile's projection anyway.
	envelopes := src
	envelopes.points = true
	where, _, err := sqlWhere(envelopes, data.TileQuery(t, q), false, &args)
	if err != nil {
		return plan{}, err
	}
	env := "ST_TileEnvelope(" + args.add(int(t.Z)) + "::int, " + args.add(int(t.X)) + "::int, " + args.add(int(t.Y)) + "::int)"
	cols := []string{fmt.Sprintf("ST_AsMVTGeom(ST_Transform(%s, 3857), %s, %d, %d, true) AS mvt_geom",
		src.geom, env, geo.TileExtent, geo.TileBuffer)}
	idArg := ""
	if src.intID {
		cols = append(cols, src.id+" AS mvt_id")
		idArg = ", 'mvt_id'"
	}
	for _, p := range props {
		expr := ""
		for _, sp := range src.props {
			if sp.name == p.Name {
				expr = sp.expr
			}
		}
		if expr == "" {
			return plan{}, &data.FilterError{Property: "properties", Problem: ": " + p.Name + " has no SQL expression in " + src.meta.ID}
		}
		cols = append(cols, "("+expr+")"+tileCast(p.Type)+" AS "+pgx.Identifier{p.Name}.Sanitize())
	}
	sql := "SELECT ST_AsMVT(tile, " + layer + "::text, " + fmt.Sprint(geo.TileExtent) + ", 'mvt_geom'" + idArg + ")\nFROM (SELECT " +
		strings.Join(cols, ",\n       ") + "\nFROM " + src.from + where + ") tile\nWHERE mvt_geom IS NOT NULL"
	return plan{sql, args}, nil
}

// tileCast is the cast of a property of that type in a tile.
func tileCast(t data.PropertyType) string {
	switch t {
	case data.TypeInteger:
		return "::bigint"
	case data.TypeNumber:
		return "::double precision"
	case data.TypeBoolean:
		return "::boolean"
	}
	return "::text"
}
