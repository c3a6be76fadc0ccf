package postgis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb/maptile"
)

// Tile implements data.Store: PostgreSQL builds the tile with ST_AsMVT
// over ST_AsMVTGeom (tilePlan). The statement says whether the tile is
// over its budget, and its tile is then dropped.
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
// With a budget, the rows are read once, at most budget+1 of them, and
// counted and encoded by the same pass: a tile within its budget costs
// one index scan (reading ids first and the rows again by key took 55 of a
// 67 ms tile of 5 710 actors; counting a materialized CTE before encoding
// it, 17 % of the throughput), one over it at most budget+1 rows, whose
// tile the caller drops. Lines are the exception (src.lines below): their
// encoding costs more than their reading, so they are counted first.
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
	where, joined, err := sqlWhere(src, tq, false, &args)
	if err != nil {
		return plan{}, err
	}
	// The main table alone unless a filter or a property reads a joined
	// one: an alliance's member counts cost 130 of a 154 ms tile of 5 497.
	from := src.from
	if !joined && !slices.ContainsFunc(props, func(p data.Property) bool { return slices.Contains(src.joinedProps, p.Name) }) {
		from = src.table
	}
	conds := strings.TrimPrefix(where, "\nWHERE ")
	and := func(c string) string {
		if conds == "" {
			return c
		}
		return c + " AND " + conds
	}
	env := "ST_MakeEnvelope(" + args.add(b.Min[0]) + ", " + args.add(b.Min[1]) + ", " + args.add(b.Max[0]) + ", " + args.add(b.Max[1]) + ", 4326)"
	// mvtGeom is the tile geometry of the geometry expression g.
	var mvtGeom func(g string) string
	if src.points {
		mvtGeom = func(g string) string { return tilePointSQL(g, t, &args) }
	} else {
		tileEnv := "ST_TileEnvelope(" + args.add(int(t.Z)) + "::int, " + args.add(int(t.X)) + "::int, " + args.add(int(t.Y)) + "::int)"
		simplify := ""
		if src.level != "" { // areas: simplified in lon/lat first, as geo.TileGeometry does
			simplify = args.add(geo.TileSimplifyDegrees(t))
		}
		mvtGeom = func(g string) string {
			projected := "ST_Transform(" + g + ", 3857)"
			if simplify != "" {
				projected = "ST_Transform(ST_Simplify(" + g + ", " + simplify + "::double precision, true), 3857)"
			}
			return fmt.Sprintf("ST_AsMVTGeom(%s, %s, %d, %d, true)", projected, tileEnv, geo.TileExtent, geo.TileBuffer)
		}
	}
	// cols are the tile's columns after its geometry: the id, the
	// properties by name.
	var cols, names []string
	idArg := ""
	if src.intID {
		cols, names = append(cols, src.id+" AS mvt_id"), append(names, "mvt_id")
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
		name := pgx.Identifier{p.Name}.Sanitize()
		cols, names = append(cols, "("+expr+")"+tileCast(p.Type)+" AS "+name), append(names, name)
	}
	// rowsOf is the statement of the tile's rows, geom their first column.
	rowsOf := func(geom string) string {
		selectCols := "SELECT " + strings.Join(append([]string{geom}, cols...), ",\n       ")
		if src.meta.ID != data.CollectionPartnerships {
			return selectCols + "\nFROM " + from + "\nWHERE " + and(src.geom+" && "+env)
		}
		// The actors in the box and their partnerships, by either end; the
		// second branch leaves out the lines whose first end is in the box
		// too, so that the branches never repeat a line and a LIMIT stops
		// the scan as soon as the budget is passed (UNION would read every
		// actor of the box first: 125 ms of Paris's 58 000). src.from is
		// the partnerships table alone.
		//
		// Each actor's partnerships are a LATERAL sub-select behind OFFSET
		// 0, which the planner cannot flatten into a join: it must look
		// them up by the (actor, id) index. As a join, the planner, which
		// expects fewer actors in a dense box than there are (5 531 for
		// 13 455 in a Lyon tile), chose to hash the actors and read all
		// 1.2 M partnerships: 200–320 ms for three of the four zoom-12
		// tiles of a Lyon view, against 60–106 ms this way.
		branch := func(end, extra string) string {
			_, alias, _ := strings.Cut(src.from, " ")
			return selectCols + "\nFROM actors x CROSS JOIN LATERAL (SELECT * FROM " + src.from + " WHERE " + alias + "." + end +
				" = x.id OFFSET 0) " + alias + "\nWHERE " + and("x.geom && "+env+extra)
		}
		return branch("actor_a", "") + "\nUNION ALL\n" + branch("actor_b", " AND NOT (ST_StartPoint(p.geom) && "+env+")")
	}
	mvt := "ST_AsMVT(tile, " + layer + "::text, " + fmt.Sprint(geo.TileExtent) + ", 'mvt_geom'" + idArg + ")"
	if budget <= 0 {
		return plan{"SELECT false, (SELECT coalesce(" + mvt + ", '')\nFROM (" + rowsOf(mvtGeom(src.geom)+" AS mvt_geom") + ") tile\nWHERE mvt_geom IS NOT NULL)", args}, nil
	}
	if src.lines {
		// A line's ST_AsMVTGeom (a transform and a clip) costs some 5 µs:
		// a tile over its budget spent that on 8 193 lines it then dropped
		// (60–106 ms for three of the four zoom-12 tiles of a Lyon view,
		// against 37–50 ms now). So the rows, their lines unprojected, are
		// read once into a CTE and counted, and encoded only within the
		// budget (CASE runs the sub-select of the branch taken only). A
		// tile within it costs the same either way (56–58 ms).
		n := args.add(budget)
		outer := []string{mvtGeom("r.line") + " AS mvt_geom"}
		for _, name := range names {
			outer = append(outer, "r."+name)
		}
		rows := "SELECT " + strings.Join(outer, ", ") + " FROM r"
		sql := "WITH r AS MATERIALIZED (" + rowsOf(src.geom+" AS line") + "\nLIMIT " + args.add(budget+1) + ")\n" +
			"SELECT c.n > " + n + " AS over, CASE WHEN c.n > " + n + " THEN ''::bytea ELSE (SELECT coalesce(" + mvt +
			", '') FROM (" + rows + ") tile WHERE tile.mvt_geom IS NOT NULL) END\nFROM (SELECT count(*) AS n FROM r) c"
		return plan{sql, args}, nil
	}
	sql := "SELECT count(*) > " + args.add(budget) + " AS over, coalesce(" + mvt + " FILTER (WHERE tile.mvt_geom IS NOT NULL), '')\nFROM (" +
		rowsOf(mvtGeom(src.geom)+" AS mvt_geom") + "\nLIMIT " + args.add(budget+1) + ") tile"
	return plan{sql, args}, nil
}

// tilePointSQL is a point's place on the tile's grid, computed from its
// longitude and latitude by the spherical Web Mercator formulas and
// rounded half to even (rint, as ST_AsMVTGeom snaps): what
// ST_AsMVTGeom(ST_Transform(geom, 3857), …) gives a point, at half the
// cost (9 against 19 ms for a tile of 4 969 actors), since a point needs
// no clipping — the box already keeps those within the buffer — and no
// call into PROJ.
func tilePointSQL(geom string, t maptile.Tile, args *argList) string {
	n := args.add(math.Ldexp(1, int(t.Z))) + "::double precision"
	x := args.add(float64(t.X)) + "::double precision"
	y := args.add(float64(t.Y)) + "::double precision"
	lat := "radians(ST_Y(" + geom + "))"
	return fmt.Sprintf("ST_MakePoint(round(((ST_X(%s) + 180) / 360 * %s - %s) * %d), round(((1 - ln(tan(%s) + 1 / cos(%s)) / pi()) / 2 * %s - %s) * %d))",
		geom, n, x, geo.TileExtent, lat, lat, n, y, geo.TileExtent)
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
