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
// over ST_AsMVTGeom (tilePlan). The statement answers NULL for a tile
// over its budget.
func (s *Store) Tile(ctx context.Context, collection string, t maptile.Tile, q data.ItemsQuery, budget int) ([]byte, error) {
	src, ok := sourceOf(collection)
	if !ok {
		return nil, fmt.Errorf("collection %q: %w", collection, data.ErrNotFound)
	}
	p, err := tilePlan(src, t, q, budget)
	if err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, err)
	}
	var tile []byte
	var over bool
	if err := s.reader(ctx).QueryRow(ctx, p.sql, p.custom()...).Scan(&over, &tile); err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, translate(ctx, err))
	}
	if over {
		return nil, fmt.Errorf("tile of %s: more than %d features: %w", collection, budget, data.ErrTileBudget)
	}
	if len(tile) == 0 {
		return nil, nil
	}
	return tile, nil
}

// tilePlan is the statement of one tile of src: ST_AsMVT over one row per
// feature whose geometry ST_AsMVTGeom leaves something of, with a flag
// saying the tile is over its budget (and no tile then). Each property is
// cast to the catalogue's type, so that a smallint and a bigint, or a
// date and a text, are the same MVT value type in every tile; integer ids
// are the features' ids, territory codes a property.
//
// The features are found by the 4326 GiST indexes: points and areas by
// envelope (&& alone: ST_AsMVTGeom clips in the tile's own projection),
// lines by their ends, the actors in the box, whose partnerships the
// (actor, id) indexes give. A line's own box is no use here: the boxes of
// 145 000 long partnerships meet the Paris tile of zoom 12.
//
// With a budget, the candidates' ids are read first, at most budget+1 of
// them, and the tile is built only when they are few enough: a tile over
// its budget costs one short index scan.
func tilePlan(src source, t maptile.Tile, q data.ItemsQuery, budget int) (plan, error) {
	if err := data.CheckTile(t); err != nil {
		return plan{}, err
	}
	props, err := src.meta.TileProperties(q.Properties)
	if err != nil {
		return plan{}, err
	}
	var args argList
	layer := args.add(src.meta.ID)
	tq := data.TileQuery(t, q)
	b := *tq.BBox
	tq.BBox = nil
	where, _, err := sqlWhere(src, tq, false, &args)
	if err != nil {
		return plan{}, err
	}
	conds := strings.TrimPrefix(where, "\nWHERE ")
	and := func(c string) string {
		if conds == "" {
			return c
		}
		return c + " AND " + conds
	}
	env := "ST_MakeEnvelope(" + args.add(b.Min[0]) + ", " + args.add(b.Min[1]) + ", " + args.add(b.Max[0]) + ", " + args.add(b.Max[1]) + ", 4326)"
	lines := src.meta.ID == data.CollectionPartnerships
	// ids selects the ids of the features in the tile, LIMIT … appended.
	ids := "SELECT " + src.id + " AS tile_id FROM " + src.from + "\nWHERE " + and(src.geom+" && "+env)
	if lines {
		// The actors in the box and their partnerships, by either end; the
		// second branch leaves out the lines whose first end is in the box
		// too, so that the branches never repeat a line and the LIMIT can
		// stop the scan as soon as the budget is passed (UNION would read
		// every actor of the box first: 125 ms of Paris's 58 000).
		ids = "SELECT " + src.id + " AS tile_id FROM actors x JOIN " + src.from + " ON p.actor_a = x.id\nWHERE " +
			and("x.geom && "+env) + "\nUNION ALL\nSELECT " + src.id + " AS tile_id FROM actors x JOIN " + src.from +
			" ON p.actor_b = x.id\nWHERE " + and("x.geom && "+env+" AND NOT (ST_StartPoint(p.geom) && "+env+")")
	}

	tileEnv := "ST_TileEnvelope(" + args.add(int(t.Z)) + "::int, " + args.add(int(t.X)) + "::int, " + args.add(int(t.Y)) + "::int)"
	cols := []string{fmt.Sprintf("ST_AsMVTGeom(ST_Transform(%s, 3857), %s, %d, %d, true) AS mvt_geom",
		src.geom, tileEnv, geo.TileExtent, geo.TileBuffer)}
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
	rows := func(keep string) string {
		return "SELECT coalesce(ST_AsMVT(tile, " + layer + "::text, " + fmt.Sprint(geo.TileExtent) + ", 'mvt_geom'" + idArg + "), '')\nFROM (SELECT " +
			strings.Join(cols, ",\n       ") + "\nFROM " + src.from + "\nWHERE " + keep + ") tile\nWHERE mvt_geom IS NOT NULL"
	}
	if budget <= 0 {
		keep := and(src.geom + " && " + env)
		if lines {
			keep = src.id + " IN (" + ids + ")"
		}
		return plan{"SELECT false, (" + rows(keep) + ")", args}, nil
	}
	sql := "WITH candidates AS MATERIALIZED (" + ids + "\nLIMIT " + args.add(budget+1) + ")\n" +
		"SELECT over, CASE WHEN over THEN NULL ELSE (" + rows(src.id+" IN (SELECT tile_id FROM candidates)") + ") END\n" +
		"FROM (SELECT count(*) > " + args.add(budget) + " AS over FROM candidates) c"
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
