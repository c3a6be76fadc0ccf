package postgis

import (
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb/encoding/ewkb"
)

// The stages of each kind, in the column order of sql/stage_<name>.sql.
// Empty strings, zero years and zero density classes are sent as they are;
// the upserts turn them into NULL.

func territoriesStage(ts []geo.Territory) stage {
	return stage{
		name: "territories",
		columns: []string{"level", "code", "name", "region", "departement", "epci", "population",
			"geom", "approximate", "density_class", "qpv_share", "rural_revitalisation", "natural_park"},
		n: len(ts),
		row: func(i int) ([]any, error) {
			t := &ts[i]
			if t.Geometry == nil {
				return nil, fmt.Errorf("territory %s %s: no geometry", t.Level, t.Code)
			}
			g, err := ewkb.Marshal(t.Geometry, 4326)
			if err != nil {
				return nil, fmt.Errorf("territory %s %s: %w", t.Level, t.Code, err)
			}
			return []any{string(t.Level), t.Code, t.Name, t.RegionCode, t.DepartementCode, t.EPCICode,
				t.Population, g, t.Approximate, int16(t.Typology.DensityClass), t.Typology.QPVShare,
				t.Typology.RuralRevitalisation, t.Typology.NaturalPark}, nil
		},
	}
}

// contoursStage gives communes their areas (sql/insert_contours.sql), and
// their EPCIs, départements and régions the union of theirs.
func contoursStage(cs []dataset.Contour) stage {
	return stage{
		name:    "contours",
		columns: []string{"code", "geom"},
		n:       len(cs),
		row: func(i int) ([]any, error) {
			g, err := ewkb.Marshal(cs[i].Area, 4326)
			if err != nil {
				return nil, fmt.Errorf("contour of %s: %w", cs[i].Code, err)
			}
			return []any{cs[i].Code, g}, nil
		},
	}
}

func indicatorsStage(inds []geo.Indicator) stage {
	return stage{
		name: "indicators",
		columns: []string{"id", "label", "theme", "unit", "source", "year", "finest_level",
			"higher_is_worse", "aggregation", "scale", "synthetic", "domains"},
		n: len(inds),
		row: func(i int) ([]any, error) {
			x := &inds[i]
			return []any{x.ID, x.Label, x.Theme, x.Unit, x.Source, int32(x.Year), string(x.FinestLevel),
				x.HigherIsWorse, string(x.Aggregation), x.Scale, x.Synthetic, domainStrings(x.Domains)}, nil
		},
	}
}

func indicatorValuesStage(vs []geo.IndicatorValue) stage {
	return stage{
		name:    "indicator_values",
		columns: []string{"indicator", "territory", "year", "value", "numerator", "denominator"},
		n:       len(vs),
		checked: true,
		// The roll-ups' statement trigger stays on: it refreshes them once
		// from the whole table (0.7 s national), as bulk_summaries would.
		bulk: &bulkWrite{table: "indicator_values"},
		row: func(i int) ([]any, error) {
			v := &vs[i]
			return []any{v.IndicatorID, v.TerritoryCode, int32(v.Year), v.Value, v.Numerator, v.Denominator}, nil
		},
	}
}

// actorsStage copies the actors by commune (then id): the insert reads the
// staged rows in that order, so a national load keeps each commune's actors
// in a few heap blocks, and a map tile, a bbox page or a cell count over a
// town reads those blocks instead of one per actor (5 710 actors of a Lyon
// tile: 184 buffers instead of 5 461, 4 ms instead of 24). An ORDER BY in
// the insert took 13 s more of a national load (a sort of 1.85 M wide rows
// spilled to disk); a stable sort of the positions by commune code here
// took 2.4 s of Go, comparing strings scattered over a 400 MB slice; the
// communes are ranked instead and the positions placed by counting
// (communeOrder): 0.1 s, the same order.
func actorsStage(as []geo.Actor) stage {
	order := communeOrder(as)
	return stage{
		name: "actors",
		columns: []string{"id", "name", "kind", "siren", "rna", "commune", "country", "geom",
			"precision", "employees", "employer", "insertion", "sector", "reach", "domains", "active"},
		n: len(as),
		bulk: &bulkWrite{table: "actors", history: true, copyInto: true,
			summaryTriggers: []string{"actors_cells_insert", "actors_classes_insert", "actors_commune_kinds_insert"},
			summaries:       []string{"actor_cells", "actor_commune_kinds", "actor_class_counts"}},
		binary: &binaryRows{oids: actorTypes, row: func(buf []byte, i int) ([]byte, error) { return appendActorRow(buf, &as[order[i]]), nil }},
	}
}

// communeOrder is the positions of as ordered by commune code, those of one
// commune in their own order (a stable sort), by counting: each actor's
// commune is ranked among the distinct codes, sorted, and its position
// placed after those of the communes before it.
func communeOrder(as []geo.Actor) []int32 {
	rank := map[string]int32{}
	for i := range as {
		rank[as[i].CommuneCode] = 0
	}
	codes := slices.Sorted(maps.Keys(rank))
	for r, c := range codes {
		rank[c] = int32(r)
	}
	start := make([]int32, len(codes)+1) // start[r+1] counts, then where rank r's positions begin
	ranks := make([]int32, len(as))
	for i := range as {
		ranks[i] = rank[as[i].CommuneCode]
		start[ranks[i]+1]++
	}
	for r := range codes {
		start[r+1] += start[r]
	}
	order := make([]int32, len(as))
	for i, r := range ranks {
		order[start[r]] = int32(i)
		start[r]++
	}
	return order
}

// actorRow is an actor as a row of the actors table (and of stage_actors,
// which has its columns): absent codes are NULL, no country is France, the
// point is EWKB. A registry file's actors stream as these values; a
// dataset's are written by appendActorRow, which TestActorRowsBinary holds
// to them byte for byte.
func actorRow(a *geo.Actor) []any {
	return []any{a.ID, a.Name, string(a.Kind), optionalText(a.SIREN), optionalText(a.RNA),
		optionalText(a.CommuneCode), countryOrFrance(a.Country), pointEWKB(make([]byte, 0, 25), a.Location), string(a.Precision), int32(a.Employees), a.Employer,
		a.Insertion, optionalText(string(a.Sector)), optionalText(string(a.Reach)), domainStrings(a.Domains),
		!a.Inactive}
}

// actorTypes are the types of actorRow's columns, as appendActorRow
// writes them.
var actorTypes = []uint32{pgtype.Int8OID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID,
	pgtype.TextOID, pgtype.TextOID, rawOID, pgtype.TextOID, pgtype.Int4OID, pgtype.BoolOID, pgtype.BoolOID,
	pgtype.TextOID, pgtype.TextOID, pgtype.TextArrayOID, pgtype.BoolOID}

// appendActorRow appends actorRow's values in COPY's binary format
// (binaryRows), as copyFrom would encode them (TestActorRowsBinary): a
// file's actors stream as actorRow's values, a dataset's are written so.
func appendActorRow(buf []byte, a *geo.Actor) []byte {
	buf = appendInt8(buf, a.ID)
	buf = appendText(buf, a.Name)
	buf = appendText(buf, string(a.Kind))
	buf = appendOptionalText(buf, a.SIREN)
	buf = appendOptionalText(buf, a.RNA)
	buf = appendOptionalText(buf, a.CommuneCode)
	buf = appendText(buf, countryOrFrance(a.Country))
	buf = appendPoint(buf, a.Location)
	buf = appendText(buf, string(a.Precision))
	buf = appendInt4(buf, int32(a.Employees))
	buf = appendBool(buf, a.Employer)
	buf = appendBool(buf, a.Insertion)
	buf = appendOptionalText(buf, string(a.Sector))
	buf = appendOptionalText(buf, string(a.Reach))
	buf = appendTextArray(buf, a.Domains)
	return appendBool(buf, !a.Inactive)
}

// countryOrFrance is an actor's country as stored: France unless told
// ("" in geo.Actor), as the column's default.
func countryOrFrance(country string) string {
	if country == "" {
		return "FR"
	}
	return country
}

// partnershipStageColumns are a partnership's columns as a file gives
// them (sql/stage_partnerships.sql); the others are derived.
var partnershipStageColumns = []string{"id", "actor_a", "actor_b", "category", "domain", "start_date", "end_date", "stage"}

func partnershipsStage(ps []geo.Partnership) stage {
	return stage{
		name:    "partnerships",
		columns: partnershipStageColumns,
		n:       len(ps),
		bulk: &bulkWrite{table: "partnerships", history: true, rowTriggers: []string{"partnerships_derive"}, insertSQL: "bulk_insert_partnerships",
			summaryTriggers: []string{"partnerships_flow_counts_insert", "partnerships_territory_counts_insert",
				"partnerships_observatory_insert"},
			summaries: []string{"partnership_flow_counts", "territory_partnership_counts", "actor_tallies", "partnership_end_counts"}},
		binary: &binaryRows{oids: partnershipStageTypes, row: func(buf []byte, i int) ([]byte, error) {
			return appendPartnershipStageRow(buf, &ps[i]), nil
		}},
	}
}

// partnershipStageTypes are the types of partnershipStageColumns.
var partnershipStageTypes = []uint32{pgtype.Int8OID, pgtype.Int8OID, pgtype.Int8OID, pgtype.TextOID, pgtype.TextOID,
	pgtype.DateOID, pgtype.DateOID, pgtype.TextOID}

// appendPartnershipStageRow appends p's values of partnershipStageColumns
// in COPY's binary format (binaryRows): no stage for "", no end date for
// the zero time (TestPartnershipRowsBinary).
func appendPartnershipStageRow(buf []byte, p *geo.Partnership) []byte {
	buf = appendInt8(buf, p.ID)
	buf = appendInt8(buf, p.ActorA)
	buf = appendInt8(buf, p.ActorB)
	buf = appendText(buf, string(p.Category))
	buf = appendText(buf, string(p.Domain))
	buf = appendDate(buf, p.Start)
	buf = appendOptionalDate(buf, p.End)
	return appendOptionalText(buf, string(p.Stage))
}

func alliancesStage(als []geo.Alliance) stage {
	return stage{
		name:    "alliances",
		columns: []string{"id", "name", "territory_level", "territory", "stake", "start_year", "illustrative"},
		n:       len(als),
		row: func(i int) ([]any, error) {
			al := &als[i]
			return []any{al.ID, al.Name, string(al.TerritoryLevel), al.TerritoryCode, string(al.Stake),
				int32(al.StartYear), al.Illustrative}, nil
		},
	}
}

// membersOf flattens the members of alliances into rows of
// alliance_members.
func membersOf(als []geo.Alliance) []dataset.Member {
	var ms []dataset.Member
	for _, al := range als {
		for _, m := range al.Members {
			ms = append(ms, dataset.Member{AllianceID: al.ID, AllianceMember: m})
		}
	}
	return ms
}

func allianceMembersStage(ms []dataset.Member) stage {
	return stage{
		name:    "alliance_members",
		columns: []string{"alliance", "actor", "role"},
		n:       len(ms),
		// 76 932 members national: 2 s by upsert (two foreign keys and a
		// history row each), 0.5 s in bulk (most of it the keys' check).
		bulk: &bulkWrite{table: "alliance_members", history: true},
		row: func(i int) ([]any, error) {
			m := &ms[i]
			return []any{m.AllianceID, m.ActorID, string(m.Role)}, nil
		},
	}
}

func domainStrings(ds []geo.Domain) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

// optionalText is s, or NULL for "" (an unknown code or partnership stage).
func optionalText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
