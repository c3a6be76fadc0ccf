package storetest

import "github.com/maillage/maillage/data"

// cqlCase is a CQL2 filter, in cql2-text and optionally in cql2-json
// meaning the same, with the ids it must select, in order. The ids are
// read off the fixture by hand (see fixture.go), never computed by the
// rules they check.
type cqlCase struct {
	name       string
	collection string
	text       string
	json       string // "" when only the text form is tried
	want       []string
}

// notchOfAin is a square in the notch of the L-shaped Ain, inside its
// bounding box but outside it, and inside région 84.
const notchOfAin = "POLYGON((5.1 46.2, 5.3 46.2, 5.3 46.4, 5.1 46.4, 5.1 46.2))"

// acrossRhoneIsere is a triangle crossing the boundary x = 4.95 between
// the Rhône (x ≤ 4.95, y ≥ 45.45) and the Isère (x ≥ 4.95, y ≤ 45.6):
// its corner (4.90, 45.50) lies in the Rhône, (5.00, 45.40) in the Isère,
// and it stays below the Ain (y ≥ 45.6). No actor or commune is in it.
const acrossRhoneIsere = "POLYGON((4.9 45.4, 5.0 45.4, 4.9 45.5, 4.9 45.4))"

// cqlCases cover comparisons, NULL's three-valued logic (NOT and <> leave
// null values out; IS NULL finds them), OR across properties, LIKE, IN,
// BETWEEN, literals alone, bytewise string order, S_INTERSECTS with a
// box, points, lines and polygons, including one crossing a département
// boundary and one touching it, and each other spatial predicate.
func cqlCases() []cqlCase {
	actors, partnerships, alliances := data.CollectionActors, data.CollectionPartnerships, data.CollectionAlliances
	regions, deps, epcis, communes := data.CollectionRegions, data.CollectionDepartements, data.CollectionEPCIs, data.CollectionCommunes
	allActors := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}
	return []cqlCase{
		// Array functions, as sets, on the actors' domains (fixture.go):
		// 1 insertion and education; 2 and 11 insertion; 4 and 10
		// education; 5 solidarité and culture; 6 numérique; 7 sport; 8
		// environnement; 3 and 9 none (the empty set).
		{"A_CONTAINS one", actors, "A_CONTAINS(domains, ('insertion_emploi'))",
			`{"op":"a_contains","args":[{"property":"domains"},["insertion_emploi"]]}`, []string{"1", "2", "11"}},
		{"A_CONTAINS two", actors, "A_CONTAINS(domains, ('insertion_emploi', 'education_jeunesse'))", "", []string{"1"}},
		{"A_CONTAINEDBY: the empty set too", actors, "A_CONTAINEDBY(domains, ('education_jeunesse', 'insertion_emploi'))",
			`{"op":"a_containedBy","args":[{"property":"domains"},["education_jeunesse","insertion_emploi"]]}`,
			[]string{"1", "2", "3", "4", "9", "10", "11"}},
		{"A_EQUALS one", actors, "A_EQUALS(domains, ('education_jeunesse'))", "", []string{"4", "10"}},
		{"A_EQUALS none", actors, "A_EQUALS(domains, ())", `{"op":"a_equals","args":[{"property":"domains"},[]]}`, []string{"3", "9"}},
		{"A_EQUALS in another order", actors, "A_EQUALS(('culture', 'solidarite'), domains)", "", []string{"5"}},
		{"A_OVERLAPS", actors, "A_OVERLAPS(domains, ('culture', 'sport'))", "", []string{"5", "7"}},
		{"A_OVERLAPS, a repeated item", actors, "A_OVERLAPS(('sport', 'sport'), domains)", "", []string{"7"}},
		{"NOT A_OVERLAPS", actors, "NOT A_OVERLAPS(domains, ('insertion_emploi', 'education_jeunesse'))", "",
			[]string{"3", "5", "6", "7", "8", "9"}},
		{"A_CONTAINS itself", actors, "A_CONTAINS(domains, domains) AND kind = 'association'", "", []string{"2", "5", "7", "10"}},
		{"equality", actors, "kind = 'association'", `{"op":"=","args":[{"property":"kind"},"association"]}`,
			[]string{"2", "5", "7", "10"}},
		{"inequality", actors, "kind <> 'association'", "", []string{"1", "3", "4", "6", "8", "9", "11"}},
		{"OR across properties", actors, "sector = 'public' OR reach = 'local'",
			`{"op":"or","args":[{"op":"=","args":[{"property":"sector"},"public"]},{"op":"=","args":[{"property":"reach"},"local"]}]}`,
			[]string{"2", "3", "4", "9", "11"}},
		// Sector is null for 2, 5, 7, 9 and 10: NOT of UNKNOWN is UNKNOWN.
		{"NOT leaves nulls out", actors, "NOT sector = 'public'",
			`{"op":"not","args":[{"op":"=","args":[{"property":"sector"},"public"]}]}`, []string{"1", "6", "8"}},
		{"IS NULL", actors, "sector IS NULL", `{"op":"isNull","args":[{"property":"sector"}]}`, []string{"2", "5", "7", "9", "10"}},
		{"IS NOT NULL", actors, "sector IS NOT NULL", "", []string{"1", "3", "4", "6", "8", "11"}},
		{"NOT or IS NULL", actors, "NOT (sector = 'public') OR sector IS NULL", "",
			[]string{"1", "2", "5", "6", "7", "8", "9", "10"}},
		{"<> leaves nulls out", actors, "reach <> 'local'", "", []string{"1", "4", "6", "7", "8"}},
		// 5 and 10 have neither reach nor sector, 7 no sector: UNKNOWN.
		{"NOT of an OR with nulls", actors, "NOT (reach = 'local' OR sector = 'public')", "", []string{"1", "6", "8"}},
		{"booleans", actors, "employer = TRUE AND NOT insertion = TRUE",
			`{"op":"and","args":[{"op":"=","args":[{"property":"employer"},true]},{"op":"not","args":[{"op":"=","args":[{"property":"insertion"},true]}]}]}`,
			[]string{"7"}},
		{"AND of an OR", actors, "region = '84' AND (kind = 'association' OR kind = 'etat')", "", []string{"2", "10", "11"}},
		{"LIKE a prefix; a null commune is UNKNOWN", actors, "commune LIKE '69%'",
			`{"op":"like","args":[{"property":"commune"},"69%"]}`, []string{"1", "2", "3", "10", "11"}},
		{"NOT LIKE", actors, "commune NOT LIKE '69%'", "", []string{"4", "5", "6", "7", "9"}},
		{"LIKE one character", actors, "commune LIKE '6912_'", "", []string{"1", "3"}},
		{"LIKE an escaped _", actors, `kind LIKE 'club\_%'`, "", []string{"9"}},
		{"IN", actors, "kind IN ('etat', 'collectivite')", `{"op":"in","args":[{"property":"kind"},["etat","collectivite"]]}`,
			[]string{"3", "11"}},
		{"NOT IN", actors, "kind NOT IN ('association', 'entreprise')", "", []string{"3", "4", "9", "11"}},
		{"NOT IN leaves nulls out", actors, "reach NOT IN ('local')", "", []string{"1", "4", "6", "7", "8"}},
		{"IN on a derived value", actors, "size_class IN ('0', '1-9')", "", []string{"5", "7", "9", "10"}},
		{"strings order bytewise", actors, "departement > '69'", "", []string{"5", "6", "7"}},
		// Upper case sorts before lower case in bytes, not in most locales.
		{"upper case before lower case", actors, "country < 'a'", "", allActors},
		{"either null", actors, "departement IS NULL OR epci IS NULL", "", []string{"4", "8", "11"}},
		// CASEI and ACCENTI: "Fondation Léman SA" is actor 8.
		{"accents count without ACCENTI", actors, "name LIKE '%Leman%'", "", []string{}},
		{"ACCENTI on both sides of LIKE", actors, "ACCENTI(name) LIKE ACCENTI('%Léman%')", "", []string{"8"}},
		{"CASEI and ACCENTI", actors, "CASEI(ACCENTI(name)) LIKE CASEI(ACCENTI('%LEMAN%'))",
			`{"op":"like","args":[{"op":"casei","args":[{"op":"accenti","args":[{"property":"name"}]}]},{"op":"casei","args":[{"op":"accenti","args":["%LEMAN%"]}]}]}`,
			[]string{"8"}},
		{"CASEI equality", actors, "CASEI(name) = CASEI('MAIRIE DE LYON')", `{"op":"=","args":[{"op":"casei","args":[{"property":"name"}]},{"op":"casei","args":["MAIRIE DE LYON"]}]}`,
			[]string{"3"}},
		{"CASEI in a list", actors, "CASEI(name) IN ('mairie de lyon', 'services paris')", "", []string{"3", "6"}},
		{"a box", actors, "S_INTERSECTS(geometry, BBOX(4.82, 45.75, 4.89, 45.78))",
			`{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[4.82,45.75,4.89,45.78]}]}`, []string{"1", "2", "3"}},
		{"outside a box", actors, "NOT S_INTERSECTS(geometry, BBOX(4.82, 45.75, 4.89, 45.78))", "",
			[]string{"4", "5", "6", "7", "8", "9", "10", "11"}},
		{"a box and a kind", actors, "S_INTERSECTS(BBOX(4.82, 45.75, 4.89, 45.78), geometry) AND kind = 'association'", "", []string{"2"}},
		// Actor 3 stands on the line's middle vertex; actor 1 is 1 km off.
		{"a line through a point", actors, "S_INTERSECTS(geometry, LINESTRING(4.8 45.7, 4.8357 45.764, 4.9 45.9))",
			`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[4.8,45.7],[4.8357,45.764],[4.9,45.9]]}]}`,
			[]string{"3"}},
		// Actor 1 stands on the point; 9 (5.02, 45.83) is in the triangle.
		{"a collection of a point and a polygon", actors,
			"S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(4.84 45.76), POLYGON((5.0 45.8, 5.1 45.8, 5.0 45.9, 5.0 45.8))))", "",
			[]string{"1", "9"}},
		{"a multipoint", actors, "S_INTERSECTS(geometry, MULTIPOINT((4.88 45.77), (0 0)))", "", []string{"2"}},
		{"literals only, true", actors, "1 = 1.0 AND DATE('2020-01-01') < DATE('2021-01-01')", "", allActors},
		{"literals only, false", actors, "FALSE", `false`, []string{}},
		{"TRUE and a condition", actors, "TRUE AND sector IS NULL", "", []string{"2", "5", "7", "9", "10"}},

		{"integers against integers", partnerships, "actor_a < actor_b", "", []string{"101", "102", "103", "104", "106", "110"}},
		{"IN on integers with another condition", partnerships, "actor_a IN (1, 2) AND kind_b <> 'entreprise'", "",
			[]string{"101", "102", "104", "110"}},
		{"OR of two properties", partnerships, "scale = 'national' OR category = 'mecenat'", "",
			[]string{"101", "105", "106", "107", "108"}},
		// The literal crosses the Lyon–Paris link 106 near (3.6, 47.6), and
		// the Réunion–Paris link 108, which runs beside it there.
		{"a line crossing two links", partnerships, "S_INTERSECTS(geometry, LINESTRING(3.0 47.0, 4.0 48.0))", "", []string{"106", "108"}},
		// Arithmetic over the partnerships' actor ids (a, b): 101 (1, 2),
		// 102 (1, 3), 103 (9, 10), 104 (1, 4), 105 (11, 1), 106 (1, 6),
		// 107 (5, 4), 108 (7, 6), 109 (8, 1), 110 (2, 10).
		{"a sum", partnerships, "actor_a + actor_b = 12", `{"op":"=","args":[{"op":"+","args":[{"property":"actor_a"},{"property":"actor_b"}]},12]}`,
			[]string{"105", "110"}},
		{"a difference without spaces", partnerships, "actor_b-actor_a > 5", "", []string{"110"}},
		{"products", partnerships, "actor_a * 2 >= actor_b * 3", "", []string{"105", "109"}},
		{"a quotient is a number", partnerships, "actor_b / actor_a = 2", "", []string{"101"}},
		{"a quotient that is not whole", partnerships, "actor_b / actor_a = 0.5", "", []string{}},
		{"a remainder", partnerships, "actor_b % actor_a = 0", "", []string{"101", "102", "104", "106", "110"}},
		{"an integer quotient", partnerships, "actor_b div actor_a = 1", "", []string{"103"}},
		{"a power", partnerships, "2 ^ actor_a > 500", `{"op":">","args":[{"op":"^","args":[2,{"property":"actor_a"}]},500]}`,
			[]string{"103", "105"}},
		{"a negation", partnerships, "- actor_a < -8", "", []string{"103", "105"}},
		{"precedence and parentheses", partnerships, "actor_a = (actor_b - 1) * 1 + 0 * actor_b", "", []string{"101", "103"}},
		// Division by zero is null, so UNKNOWN, on both stores.
		{"a division by zero", partnerships, "actor_a / (actor_b - actor_b) > 0 OR actor_a % 0 = 1", "", []string{}},
		// Temporal predicates over the partnerships' own dates (fixture.go):
		// 101 2019-03-01…, 102 2020-01-15–2022-06-30, 103 2021-09-01…,
		// 104 2018-05-20…, 105 2017-02-01…, 106 2016-11-10…, 107 2022-04-01…,
		// 108 2015-06-01–2019-12-31, 109 2023-01-01…, 110 2020-10-05…
		// (… : no end, an open interval).
		{"active at some point of 2019", partnerships, "T_INTERSECTS(INTERVAL(start, end), INTERVAL('2019-01-01', '2019-12-31'))",
			`{"op":"t_intersects","args":[{"interval":[{"property":"start"},{"property":"end"}]},{"interval":["2019-01-01","2019-12-31"]}]}`,
			[]string{"101", "104", "105", "106", "108"}},
		{"not active in 2019", partnerships, "T_DISJOINT(INTERVAL(start, end), INTERVAL('2019-01-01', '2019-12-31'))", "",
			[]string{"102", "103", "107", "109", "110"}},
		{"active from 2023 on", partnerships, "T_INTERSECTS(INTERVAL(start, end), INTERVAL('2023-01-01', '..'))", "",
			[]string{"101", "103", "104", "105", "106", "107", "109", "110"}},
		{"started after", partnerships, "T_AFTER(start, DATE('2021-01-01'))", `{"op":"t_after","args":[{"property":"start"},{"date":"2021-01-01"}]}`,
			[]string{"103", "107", "109"}},
		// end is null for the running ones: UNKNOWN, left out.
		{"ended before", partnerships, "T_BEFORE(end, DATE('2020-01-01'))", "", []string{"108"}},
		{"ended before, nulls left out", partnerships, "T_BEFORE(end, TIMESTAMP('2030-01-01T00:00:00Z'))", "", []string{"102", "108"}},
		{"during", partnerships, "T_DURING(INTERVAL(start, end), INTERVAL('2015-01-01', '2023-01-01'))", "", []string{"102", "108"}},
		{"contains an instant", partnerships, "T_CONTAINS(INTERVAL(start, end), DATE('2016-01-01'))", "", []string{"108"}},
		{"equals an instant", partnerships, "T_EQUALS(start, DATE('2019-03-01'))", "", []string{"101"}},
		{"starts", partnerships, "T_STARTS(INTERVAL(start, end), INTERVAL('2020-01-15', '2023-01-01'))", "", []string{"102"}},
		{"started by", partnerships, "T_STARTEDBY(INTERVAL(start, end), INTERVAL('2020-01-15', '2021-01-01'))", "", []string{"102"}},
		{"finishes", partnerships, "T_FINISHES(INTERVAL(start, end), INTERVAL('2010-01-01', '2019-12-31'))", "", []string{"108"}},
		{"finished by", partnerships, "T_FINISHEDBY(INTERVAL(start, end), INTERVAL('2019-01-01', '2019-12-31'))", "", []string{"108"}},
		{"meets", partnerships, "T_MEETS(INTERVAL(start, end), INTERVAL('2019-12-31', '2021-01-01'))", "", []string{"108"}},
		{"met by", partnerships, "T_METBY(INTERVAL(start, end), INTERVAL('2010-01-01', '2019-03-01'))", "", []string{"101"}},
		{"overlaps", partnerships, "T_OVERLAPS(INTERVAL(start, end), INTERVAL('2019-01-01', '2020-06-30'))", "", []string{"108"}},
		{"overlapped by", partnerships, "T_OVERLAPPEDBY(INTERVAL(start, end), INTERVAL('2019-01-01', '2020-06-30'))", "", []string{"101", "102"}},
		{"dates compared as such", partnerships, "start >= DATE('2022-01-01') AND end IS NULL", "", []string{"107", "109"}},
		// Property against property (kinds: 1, 6 and 8 companies, 2 and 10
		// associations, 4 education, 5 and 7 associations, 9 a club, 11 the
		// State).
		{"two properties equal", partnerships, "kind_a = kind_b", `{"op":"=","args":[{"property":"kind_a"},{"property":"kind_b"}]}`,
			[]string{"106", "109", "110"}},
		{"two properties ordered", partnerships, "actor_a > actor_b", "", []string{"105", "107", "108", "109"}},
		{"a property in an IN list", partnerships, "kind_b IN (kind_a, 'etat')", "", []string{"106", "109", "110"}},
		{"a property as a LIKE pattern", partnerships, "kind_a LIKE kind_b", `{"op":"like","args":[{"property":"kind_a"},{"property":"kind_b"}]}`,
			[]string{"106", "109", "110"}},
		{"a property as a BETWEEN bound", partnerships, "actor_a BETWEEN 5 AND actor_b", "", []string{"103"}},
		{"a line crossing two links, S_CROSSES", partnerships, "S_CROSSES(geometry, LINESTRING(3.0 47.0, 4.0 48.0))",
			`{"op":"s_crosses","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[3.0,47.0],[4.0,48.0]]}]}`, []string{"106", "108"}},
		// Link 108 passes (4.95, 45.433), inside the triangle; 104 and 107,
		// the nearest others, pass north and south of it.
		{"a link across the triangle", partnerships, "S_INTERSECTS(geometry, " + acrossRhoneIsere + ")", "", []string{"108"}},

		{"booleans and IN", alliances, "illustrative = FALSE AND territory_level IN ('commune', 'epci')", "", []string{"203", "205"}},

		{"a polygon across a département boundary", deps, "S_INTERSECTS(geometry, " + acrossRhoneIsere + ")",
			`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[4.9,45.4],[5.0,45.4],[4.9,45.5],[4.9,45.4]]]}]}`,
			[]string{"38", "69"}},
		// A triangle in the Isère whose corner (4.95, 45.5) is on the Rhône's edge.
		{"a polygon touching a boundary", deps, "S_INTERSECTS(geometry, POLYGON((4.95 45.5, 5.05 45.45, 5.05 45.55, 4.95 45.5)))", "",
			[]string{"38", "69"}},
		{"a point on a shared edge", deps, "S_INTERSECTS(geometry, POINT(4.95 45.5))",
			`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[4.95,45.5]}]}`, []string{"38", "69"}},
		{"a polygon in the notch of the Ain", deps, "S_INTERSECTS(geometry, " + notchOfAin + ")", "", []string{}},
		// The other spatial predicates, on the fixture's boxes (the Rhône
		// 4.2–4.95 × 45.45–46.3, the Isère 4.95–6.4 × 44.9–45.6, the Ain an
		// L whose lowest edge is y = 45.6), by their DE-9IM meaning.
		{"within a box", deps, "S_WITHIN(geometry, BBOX(4.1, 45.4, 5.0, 46.4))",
			`{"op":"s_within","args":[{"property":"geometry"},{"bbox":[4.1,45.4,5.0,46.4]}]}`, []string{"69"}},
		{"contains a point", deps, "S_CONTAINS(geometry, POINT(4.5 45.9))", "", []string{"69"}},
		// On the shared edge: both intersect it, neither contains it.
		{"contains no point of its boundary", deps, "S_CONTAINS(geometry, POINT(4.95 45.5))", "", []string{}},
		// The triangle lies in the Isère and meets the Rhône at one corner.
		{"touches at a corner", deps, "S_TOUCHES(geometry, POLYGON((4.95 45.5, 5.05 45.45, 5.05 45.55, 4.95 45.5)))",
			`{"op":"s_touches","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[4.95,45.5],[5.05,45.45],[5.05,45.55],[4.95,45.5]]]}]}`,
			[]string{"69"}},
		{"overlaps across a boundary", deps, "S_OVERLAPS(geometry, " + acrossRhoneIsere + ")", "", []string{"38", "69"}},
		{"disjoint", deps, "S_DISJOINT(geometry, " + acrossRhoneIsere + ")", "", []string{"01", "2A", "75", "84", "974"}},
		{"equals Paris's box", deps, "S_EQUALS(geometry, POLYGON((2.22 48.81, 2.47 48.81, 2.47 48.91, 2.22 48.91, 2.22 48.81)))", "",
			[]string{"75"}},
		{"within, literal first", deps, "S_CONTAINS(BBOX(4.1, 45.4, 5.0, 46.4), geometry)", "", []string{"69"}},
		{"the notch is in région 84", regions, "S_INTERSECTS(geometry, " + notchOfAin + ")", "", []string{"84"}},
		{"région across a boundary", regions, "S_INTERSECTS(geometry, " + acrossRhoneIsere + ") AND density_class IS NULL", "",
			[]string{"84"}},
		// Régions have no density class: = and its NOT are both UNKNOWN.
		{"NOT of a null comparison", regions, "NOT (density_class = 1)", "", []string{}},
		{"null integers", regions, "density_class IS NULL", "", []string{"04", "11", "84", "93", "94"}},
		{"Île-de-France folded", regions, "CASEI(ACCENTI(name)) LIKE '%ile-de-france%'", "", []string{"11"}},
		{"Côte without its accent", regions, "ACCENTI(name) LIKE '%Cote%'", "", []string{"93"}},
		{"Isère without its accent", deps, "ACCENTI(name) = 'Isere'", "", []string{"38"}},

		{"integer comparison", communes, "density_class < 3", "",
			[]string{"38185", "69123", "69266", "75056", "84007", "97411"}},
		{"BETWEEN", communes, "density_class BETWEEN 2 AND 4",
			`{"op":"between","args":[{"property":"density_class"},2,4]}`, []string{"01249", "69199", "84007", "97411"}},
		{"NOT BETWEEN", communes, "density_class NOT BETWEEN 2 AND 4", "",
			[]string{"2A041", "38185", "69123", "69243", "69266", "75056"}},
		{"an integer against a float", communes, "density_class >= 1.5", "",
			[]string{"01249", "2A041", "69199", "69243", "84007", "97411"}},
		{"two booleans", communes, "natural_park = TRUE AND rural_revitalisation = FALSE", "", []string{"2A041"}},
		{"booleans order false first", communes, "natural_park > rural_revitalisation", "", []string{"2A041"}},
		{"a code between letters", communes, "departement < '2B'", "", []string{"01249", "2A041"}},

		{"the EPCI across départements", epcis, "departement IS NULL", "", []string{epciDombes}},
	}
}

// sortCase is a query with SortBy and the ids it must return, in order.
type sortCase struct {
	name       string
	collection string
	filter     string // cql2-text, "" for none
	sortBy     []data.SortKey
	offset     int
	limit      int
	want       []string
}

func sortCases() []sortCase {
	asc := func(name string) data.SortKey { return data.SortKey{Name: name} }
	desc := func(name string) data.SortKey { return data.SortKey{Name: name, Desc: true} }
	return []sortCase{
		// association < club_entreprises < collectivite < enseignement <
		// entreprise < etat; ties by id.
		{"by kind", data.CollectionActors, "", []data.SortKey{asc("kind")}, 0, 0,
			[]string{"2", "5", "7", "10", "9", "3", "4", "1", "6", "8", "11"}},
		// Nulls (5, 10, 11) last in both directions.
		{"by reach", data.CollectionActors, "", []data.SortKey{asc("reach")}, 0, 0,
			[]string{"8", "2", "3", "9", "1", "6", "4", "7", "5", "10", "11"}},
		{"by reach, descending", data.CollectionActors, "", []data.SortKey{desc("reach")}, 0, 0,
			[]string{"4", "7", "1", "6", "2", "3", "9", "8", "5", "10", "11"}},
		// 250-999 > 1000+ > 10-249 > 0 bytewise; a page of the middle.
		{"filtered, by a derived value, a page", data.CollectionActors, "kind <> 'association'",
			[]data.SortKey{desc("size_class")}, 1, 3, []string{"1", "3", "4"}},
		{"two keys", data.CollectionCommunes, "", []data.SortKey{desc("density_class"), asc("region")}, 0, 0,
			[]string{"2A041", "69243", "69199", "01249", "97411", "84007", "75056", "38185", "69123", "69266"}},
		{"booleans, false first", data.CollectionCommunes, "", []data.SortKey{asc("natural_park")}, 0, 0,
			[]string{"01249", "38185", "69123", "69199", "69266", "75056", "84007", "97411", "2A041", "69243"}},
		// 75056's EPCI (MGP) sorts after Lyon's; 38185 has none.
		{"nulls last, descending", data.CollectionCommunes, "density_class = 1", []data.SortKey{desc("epci")}, 0, 0,
			[]string{"75056", "69123", "69266", "38185"}},
		{"integers descending", data.CollectionPartnerships, "category = 'mecenat'", []data.SortKey{desc("actor_a")}, 0, 2,
			[]string{"105", "108"}},
		{"beyond the last", data.CollectionAlliances, "", []data.SortKey{asc("stake")}, 10, 0, []string{}},
	}
}
