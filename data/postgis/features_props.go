package postgis

import (
	"slices"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// prop is one feature property: its name in data.Catalog(), the SQL
// expression of its value and how that value is written as JSON
// (featureJSON). A NULL value is written as JSON null, so empty optional
// values (stored as NULL) come out null.
type prop struct {
	name, expr string
	json       jsonForm
}

// jsonForm says how featureJSON writes a property's value. to_json is right
// for any value, but it costs: the properties of the 10 000 lines of a Lyon
// view took 197 ms written by to_json (or by one row_to_json of them all),
// 184 ms with their codes quoted as they are and their integers as their
// text.
type jsonForm int

const (
	// asValue: to_json, for any value (text to escape, dates, decimals).
	asValue jsonForm = iota
	// asLiteral: an integer, a boolean or a double precision that is never
	// NaN nor infinite, whose text in PostgreSQL is its JSON literal
	// (float8out, the function to_json calls for a finite double).
	asLiteral
	// asCode: a text the schema keeps to letters, digits and "_-+,"
	// (a CHECK constraint, or a CASE of this package's constants), which
	// needs no escaping: written between quotes as it is.
	asCode
)

// source says how one collection's rows become GeoJSON features: the FROM
// clause (fixed text, aliases included), the id expression (also the sort
// key), the geometry, the level a territory collection is restricted to, and
// the properties in catalogue order. Most filters only use the main table,
// so a count skips the joins unless a filter says it reads them. Every piece
// is a constant of this package: nothing from a request ends up in these
// strings.
type source struct {
	meta    data.Collection // the catalogue entry, for parsing filter values
	table   string          // the main table and its alias, all a count needs
	from    string
	id      string
	intID   bool
	geom    string
	points  bool // the column is typed geometry(Point): && alone is then the exact bbox test
	lines   bool // the column is typed geometry(LineString): see sqlBBoxFilter
	level   geo.Level
	start   string // the temporal columns (data.Collection.Temporal and
	end     string // TemporalEnd), "" for none
	props   []prop
	filters map[string]filter // the whitelist of queryables
	lists   map[string]string // the list properties' array columns (data.Collection.Lists)
	// joinedProps names the props whose expressions read a table of from
	// other than the main one: a statement needing none of them (a tile)
	// reads the main table alone.
	joinedProps []string
}

// filter is how a queryable is compared: the SQL expression of its value,
// the same as its prop's so that a filter matches what features show
// (TestSourcesFollowTheCatalog checks); whether it reads a joined table;
// and whether a B-tree index on (expression, id) lets a filtered keyset page
// start with one seek (migration 00008, checked by TestSeekFiltersHaveIndexes).
// A seek filter with a common value has a partial index that leaves that
// value's rows out (migration 00032): a page for it walks the primary key.
type filter struct {
	expr   string
	joined bool
	seek   bool
	common any
}

// seeks says whether a page filtered on value v starts with a seek in the
// filter's (expression, id) index, which holds v's rows.
func (f filter) seeks(v any) bool {
	return f.seek && (f.common == nil || v != f.common)
}

// commonValues are the values of seek filters whose indexes are partial
// (migration 00032): the values most rows have by what the columns mean.
var commonValues = map[string]map[string]any{
	data.CollectionActors: {"country": "FR", "active": true, "insertion": false},
}

// filtersOf builds a source's whitelist from its props, one filter per name;
// those in joined read a table the count skips, those in seek have an
// (expression, id) index.
func filtersOf(props []prop, names, joined, seek []string, common map[string]any) map[string]filter {
	out := make(map[string]filter, len(names))
	for _, name := range names {
		for _, p := range props {
			if p.name == name {
				out[name] = filter{expr: p.expr, joined: slices.Contains(joined, name), seek: slices.Contains(seek, name), common: common[name]}
			}
		}
	}
	return out
}

// sourceOf returns the source of a collection of data.Catalog(), false for an
// unknown one. It builds a fresh value each call.
func sourceOf(collection string) (source, bool) {
	c, ok := data.LookupCollection(collection)
	if !ok {
		return source{}, false
	}
	var src source
	// Territories have no seek filters: their key is (level, code), and
	// their filter indexes (level and column before the code) already give
	// PostgreSQL a seek it prefers on the demo (see migration 00008).
	switch {
	case collection == data.CollectionActors:
		src = actorsSource()
		src.joinedProps = []string{"epci", "departement", "region"}
		src.filters = filtersOf(src.props, c.Queryables, []string{"epci", "departement", "region"},
			[]string{"kind", "sector", "commune", "country", "precision", "reach", "employer", "insertion", "active"},
			commonValues[collection])
	case collection == data.CollectionPartnerships:
		src = partnershipsSource()
		src.filters = filtersOf(src.props, c.Queryables, []string{"kind_a", "kind_b"},
			[]string{"category", "domain", "scale", "actor_a", "actor_b"}, nil)
	case collection == data.CollectionAlliances:
		src = alliancesSource()
		src.joinedProps = []string{"members", "worlds", "member_list"}
		src.filters = filtersOf(src.props, c.Queryables, nil, nil, nil)
	case c.Level != "":
		src = territoriesSource(c.Level)
		src.filters = filtersOf(src.props, c.Queryables, nil, nil, nil)
	default:
		return source{}, false
	}
	src.meta = c
	return src, true
}

// actorsSource: an actor's EPCI, département and région are its commune's.
func actorsSource() source {
	return source{
		table: "actors a",
		from:  `actors a LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune`,
		id:    "a.id",
		intID: true,
		geom:  "a.geom", points: true,
		lists: map[string]string{"domains": "a.domains"}, // text[] NOT NULL: none is '{}'
		props: []prop{
			{"name", "a.name", asValue},
			{"kind", "a.kind", asCode},
			{"siren", "a.siren", asCode},
			{"rna", "a.rna", asCode},
			{"commune", "a.commune", asValue},
			{"epci", "c.epci", asValue},
			{"departement", "c.departement", asValue},
			{"region", "c.region", asValue},
			{"country", "a.country", asCode},
			{"precision", "a.precision", asCode},
			{"employees", "a.employees", asLiteral},
			{"size_class", sizeClassSQL("a.employees"), asCode},
			{"employer", "a.employer", asLiteral},
			{"insertion", "a.insertion", asLiteral},
			{"sector", "a.sector", asCode},
			{"reach", "a.reach", asCode},
			{"domains", "NULLIF(array_to_string(a.domains, ','), '')", asCode},
			{"active", "a.active", asLiteral},
		},
	}
}

// sizeClassSQL is geo.SizeClassOf in SQL.
func sizeClassSQL(employees string) string {
	return "CASE WHEN " + employees + " <= 0 THEN '" + string(geo.Size0) +
		"' WHEN " + employees + " < 10 THEN '" + string(geo.Size1to9) +
		"' WHEN " + employees + " < 250 THEN '" + string(geo.Size10to249) +
		"' WHEN " + employees + " < 1000 THEN '" + string(geo.Size250to999) +
		"' ELSE '" + string(geo.Size1000Plus) + "' END"
}

// partnershipsSource: the line and scale are stored, derived by triggers.
func partnershipsSource() source {
	return source{
		table: "partnerships p",
		from:  `partnerships p`,
		id:    "p.id",
		intID: true,
		geom:  "p.geom", lines: true,
		start: "p.start_date",
		end:   "p.end_date",
		props: []prop{
			{"actor_a", "p.actor_a", asLiteral},
			{"actor_b", "p.actor_b", asLiteral},
			{"kind_a", "p.a_kind", asValue},
			{"kind_b", "p.b_kind", asValue},
			{"category", "p.category", asCode},
			{"domain", "p.domain", asCode},
			{"scale", "p.scale", asCode},
			{"start", "p.start_date", asValue},
			{"end", "p.end_date", asValue},
			{"stage", "p.stage", asCode},
			// geo.LinkLengthKm: the sphere (false) of liblwgeom's
			// sphere_distance, rounded half-even to the metre by
			// round(double precision). A length is finite, so its text is
			// its JSON: the page of a national Lyon view (9 936 lines)
			// took 151-153 ms so, against 155-162 ms through to_json, for
			// the same bytes.
			{"length_km", "round(ST_Length(p.geom::geography, false)) / 1000", asLiteral},
		},
	}
}

// alliancesSource: the point inside the territory is stored, derived by a
// trigger; members and worlds are counted, and the members listed in actor
// order, per row of the page.
func alliancesSource() source {
	return source{
		table: "alliances al",
		from: `alliances al LEFT JOIN LATERAL (
	SELECT count(*) AS members, count(DISTINCT actor_world(ma.kind)) AS worlds,
	       '[' || coalesce(string_agg(row_to_json(r)::text, ',' ORDER BY m.actor), '') || ']' AS member_list
	FROM alliance_members m JOIN actors ma ON ma.id = m.actor
	CROSS JOIN LATERAL (SELECT m.actor, ma.name, ma.kind, actor_world(ma.kind) AS world, m.role) r
	WHERE m.alliance = al.id) mem ON true`,
		id:    "al.id",
		intID: true,
		geom:  "al.geom", points: true,
		props: []prop{
			{"name", "al.name", asValue},
			{"territory", "al.territory", asValue},
			{"territory_level", "al.territory_level", asValue},
			{"stake", "al.stake", asCode},
			{"start_year", "al.start_year", asLiteral},
			{"members", "mem.members", asLiteral},
			{"worlds", "mem.worlds", asLiteral},
			{"member_list", "mem.member_list", asValue},
			{"illustrative", "al.illustrative", asLiteral},
		},
	}
}

// territoriesSource serves one level; the alliance history comes from
// territory_alliances (migration 00017), looked up per row served by
// scalar subqueries: a join there would let the planner read territories
// in code order for a merge join and filter the page's other conditions
// row by row (8 000 rows read for a page of 100 communes of one région).
func territoriesSource(level geo.Level) source {
	const history = "FROM territory_alliances ta WHERE ta.level = t.level AND ta.code = t.code"
	return source{
		table: "territories t",
		from:  "territories t",
		id:    "t.code",
		geom:  "t.geom",
		level: level,
		props: []prop{
			{"code", "t.code", asValue},
			{"name", "t.name", asValue},
			{"level", "t.level", asCode},
			{"region", "t.region", asValue},
			{"departement", "t.departement", asValue},
			{"epci", "t.epci", asValue},
			{"population", "t.population", asLiteral},
			{"approximate", "t.approximate", asLiteral},
			{"density_class", "t.density_class", asLiteral},
			{"qpv_share", "t.qpv_share", asValue},
			{"rural_revitalisation", "t.rural_revitalisation", asLiteral},
			{"natural_park", "t.natural_park", asLiteral},
			{"alliances_count", "coalesce((SELECT ta.alliances_count " + history + "), 0)", asLiteral},
			{"alliances_first_year", "(SELECT ta.alliances_first_year " + history + ")", asLiteral},
		},
	}
}
