package storetest

import (
	"time"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// filterCase is a filtered query and the ids it must return, in order.
type filterCase struct {
	name       string
	collection string
	q          data.ItemsQuery
	want       []string
}

// eq builds Equals from name, value pairs.
func eq(pairs ...string) []data.PropertyFilter {
	var fs []data.PropertyFilter
	for i := 0; i+1 < len(pairs); i += 2 {
		fs = append(fs, data.PropertyFilter{Name: pairs[i], Value: pairs[i+1]})
	}
	return fs
}

// during is the interval from start to end, each "" (open), a date or an
// RFC 3339 instant.
func during(start, end string) *data.Interval {
	parse := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		if len(s) == len("2006-01-02") {
			return date(s)
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return &data.Interval{Start: parse(start), End: parse(end)}
}

// filterCases test every queryable of every collection at least once, with
// values read off the fixture by hand (see fixture.go), null values, AND,
// filters matching nothing, integer and boolean parsing, and intervals.
func filterCases() []filterCase {
	actors, partnerships, alliances := data.CollectionActors, data.CollectionPartnerships, data.CollectionAlliances
	regions, deps, epcis, communes := data.CollectionRegions, data.CollectionDepartements, data.CollectionEPCIs, data.CollectionCommunes
	allRegions := []string{"04", "11", "84", "93", "94"}
	allDeps := []string{"01", "2A", "38", "69", "75", "84", "974"}
	allEPCIs := []string{epciLyon, epciMGP, epciDombes, epciAvignon, epciCINOR}
	q := func(f ...string) data.ItemsQuery { return data.ItemsQuery{Equals: eq(f...)} }
	return []filterCase{
		{"name", actors, q("name", "Mairie de Lyon"), []string{"3"}},
		{"name, another case", actors, q("name", "mairie de lyon"), []string{}},
		{"kind", actors, q("kind", "association"), []string{"2", "5", "7", "10"}},
		{"sector", actors, q("sector", "public"), []string{"3", "4", "11"}},
		{"size_class", actors, q("size_class", "1000+"), []string{"1", "3", "4"}},
		{"size_class 0 (no employees)", actors, q("size_class", "0"), []string{"5", "9", "10"}},
		{"commune", actors, q("commune", "69123"), []string{"1", "3"}},
		{"epci across two départements", actors, q("epci", epciDombes), []string{"9", "10"}},
		{"departement", actors, q("departement", "69"), []string{"1", "2", "3", "10", "11"}},
		{"region 84 is not département 84", actors, q("region", "84"), []string{"1", "2", "3", "4", "9", "10", "11"}},
		{"country", actors, q("country", "CH"), []string{"8"}},
		{"country FR", actors, q("country", "FR"), []string{"1", "2", "3", "4", "5", "6", "7", "9", "10", "11"}},
		{"precision", actors, q("precision", "approximate"), []string{"5", "10", "11"}},
		{"employer", actors, q("employer", "true"), []string{"2", "7"}},
		{"insertion false", actors, q("insertion", "false"), []string{"1", "3", "4", "5", "6", "7", "8", "9", "10", "11"}},
		{"reach", actors, q("reach", "local"), []string{"2", "3", "9"}},
		// Every fixture actor is active (InactiveDataset closes one).
		{"active", actors, q("active", "true"), []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}},
		{"no inactive actor", actors, q("active", "false"), []string{}},
		{"kind and region", actors, q("kind", "association", "region", "84"), []string{"2", "10"}},
		{"the same filter twice", actors, q("kind", "association", "kind", "association"), []string{"2", "5", "7", "10"}},
		{"two filters, nothing in common", actors, q("kind", "etat", "region", "11"), []string{}},
		{"a value nobody has", actors, q("sector", "agriculture"), []string{}},
		{"a value of another case", actors, q("kind", "Association"), []string{}},
		{"empty value matches no null", actors, q("sector", ""), []string{}},

		{"category", partnerships, q("category", "mecenat"), []string{"101", "105", "107", "108"}},
		{"start", partnerships, q("start", "2019-03-01"), []string{"101"}},
		{"end", partnerships, q("end", "2019-12-31"), []string{"108"}},
		{"stage", partnerships, q("stage", "creation"), []string{"107", "109"}},
		{"stage evaluation, a national one", partnerships, q("stage", "evaluation", "scale", "national"), []string{"108"}},
		{"domain", partnerships, q("domain", "education_jeunesse"), []string{"102", "103", "104"}},
		{"scale", partnerships, q("scale", "national"), []string{"106", "107", "108"}},
		{"kind_a", partnerships, q("kind_a", "association"), []string{"107", "108", "110"}},
		{"kind_b", partnerships, q("kind_b", "entreprise"), []string{"105", "106", "108", "109"}},
		{"actor_a with a leading zero", partnerships, q("actor_a", "01"), []string{"101", "102", "104", "106"}},
		{"actor_b", partnerships, q("actor_b", "10"), []string{"103", "110"}},
		{"an integer beyond every id", partnerships, q("actor_b", "9223372036854775807"), []string{}},
		{"category and scale", partnerships, q("category", "mecenat", "scale", "national"), []string{"107", "108"}},
		{"kind_a and kind_b", partnerships, q("kind_a", "entreprise", "kind_b", "entreprise"), []string{"106", "109"}},
		// During keeps the partnerships active at some instant of the
		// interval: started by its end, not ended before its start (dates in
		// fixture.go; 102 ends 2022-06-30, 108 2019-12-31, the others never).
		{"closed interval", partnerships, data.ItemsQuery{During: during("2019-01-01", "2020-12-31")},
			[]string{"101", "102", "104", "105", "106", "108", "110"}},
		{"open start", partnerships, data.ItemsQuery{During: during("", "2016-12-31")}, []string{"106", "108"}},
		{"open end: all but one ended before", partnerships, data.ItemsQuery{During: during("2021-09-01", "")},
			[]string{"101", "102", "103", "104", "105", "106", "107", "109", "110"}},
		{"one day: 102's last", partnerships, data.ItemsQuery{During: during("2022-06-30", "2022-06-30")},
			[]string{"101", "102", "103", "104", "105", "106", "107", "110"}},
		{"the day after", partnerships, data.ItemsQuery{During: during("2022-07-01", "2022-07-01")},
			[]string{"101", "103", "104", "105", "106", "107", "110"}},
		{"open on both sides", partnerships, data.ItemsQuery{During: during("", "")},
			[]string{"101", "102", "103", "104", "105", "106", "107", "108", "109", "110"}},
		// A date is its midnight UTC: 101, started 2019-03-01, is active at
		// noon; 102 starts on the interval's last instant; 108, ended
		// 2019-12-31, still is.
		{"instants, ends included", partnerships, data.ItemsQuery{During: during("2019-03-01T12:00:00Z", "2020-01-15T00:00:00Z")},
			[]string{"101", "102", "104", "105", "106", "108"}},
		// 2019-02-28T23:30Z: before 101's midnight.
		{"an instant in another zone", partnerships, data.ItemsQuery{During: during("2019-03-01T00:30:00+01:00", "2019-03-01T00:30:00+01:00")},
			[]string{"104", "105", "106", "108"}},
		// 2020-01-01T00:30Z: after 108's last midnight.
		{"just after an end's midnight UTC, written in another zone", partnerships,
			data.ItemsQuery{During: during("2019-12-31T23:30:00-01:00", "")},
			[]string{"101", "102", "103", "104", "105", "106", "107", "109", "110"}},
		{"the end's midnight itself", partnerships, data.ItemsQuery{During: during("2019-12-31T00:00:00Z", "2019-12-31T00:00:00Z")},
			[]string{"101", "104", "105", "106", "108"}},
		{"start after end: no instant", partnerships, data.ItemsQuery{During: during("2021-01-01", "2020-01-01")}, []string{}},
		{"interval and filter", partnerships, data.ItemsQuery{During: during("2020-01-01", ""), Equals: eq("scale", "local")},
			[]string{"101", "102", "103"}},

		{"stake", alliances, q("stake", "insertion_emploi"), []string{"201", "203"}},
		{"name of alliances", alliances, q("name", "Fil Rouge Lyon"), []string{"201"}},
		{"territory 84 (the département)", alliances, q("territory", "84"), []string{"202"}},
		{"territory_level", alliances, q("territory_level", "commune"), []string{"201", "205"}},
		{"illustrative", alliances, q("illustrative", "true"), []string{"201"}},

		// Régions have no parent codes and no density class: all null.
		{"name of régions", regions, q("name", "Auvergne-Rhône-Alpes"), []string{"84"}},
		{"name of départements", deps, q("name", "Rhône"), []string{"69"}},
		{"name of EPCI", epcis, q("name", "CC Dombes-Saône"), []string{epciDombes}},
		{"name of communes", communes, q("name", "Lyon"), []string{"69123"}},
		{"region of régions", regions, q("region", "84"), []string{}},
		{"departement of régions", regions, q("departement", "69"), []string{}},
		{"epci of régions", regions, q("epci", epciLyon), []string{}},
		{"density_class of régions", regions, q("density_class", "1"), []string{}},
		{"rural_revitalisation of régions", regions, q("rural_revitalisation", "false"), allRegions},
		{"natural_park of régions", regions, q("natural_park", "true"), []string{}},

		{"region of départements", deps, q("region", "84"), []string{"01", "38", "69"}},
		{"region of Corse-du-Sud", deps, q("region", "94"), []string{"2A"}},
		{"departement of départements", deps, q("departement", "69"), []string{}},
		{"epci of départements", deps, q("epci", epciLyon), []string{}},
		{"density_class of départements", deps, q("density_class", "2"), []string{}},
		{"rural_revitalisation of départements", deps, q("rural_revitalisation", "true"), []string{}},
		{"natural_park of départements", deps, q("natural_park", "false"), allDeps},

		{"region of EPCIs", epcis, q("region", "84"), []string{epciLyon, epciDombes}},
		{"departement of EPCIs", epcis, q("departement", "69"), []string{epciLyon}},
		{"epci of EPCIs", epcis, q("epci", epciLyon), []string{}},
		{"density_class of EPCIs", epcis, q("density_class", "1"), []string{}},
		{"rural_revitalisation of EPCIs", epcis, q("rural_revitalisation", "false"), allEPCIs},
		{"natural_park of EPCIs", epcis, q("natural_park", "true"), []string{}},

		{"region of communes", communes, q("region", "94"), []string{"2A041"}},
		{"departement of communes", communes, q("departement", "2A"), []string{"2A041"}},
		{"epci of communes", communes, q("epci", epciLyon), []string{"69123", "69266"}},
		{"density_class of communes", communes, q("density_class", "1"), []string{"38185", "69123", "69266", "75056"}},
		{"density_class with a leading zero", communes, q("density_class", "06"), []string{"2A041"}},
		{"density_class beyond smallint", communes, q("density_class", "100000"), []string{}},
		{"rural_revitalisation of communes", communes, q("rural_revitalisation", "true"), []string{"69243"}},
		{"natural_park of communes", communes, q("natural_park", "true"), []string{"2A041", "69243"}},
		{"region and density_class", communes, q("region", "84", "density_class", "1"), []string{"38185", "69123", "69266"}},
	}
}

// cursorCases are keyset pages: integer ids compare as numbers ("10" after
// "9", "005" is 5), codes bytewise ("2A" between "01" and "38"), and a
// cursor need not be an id of the collection.
func cursorCases() []filterCase {
	actors, deps, communes := data.CollectionActors, data.CollectionDepartements, data.CollectionCommunes
	return []filterCase{
		{"after 5", actors, data.ItemsQuery{After: "5"}, []string{"6", "7", "8", "9", "10", "11"}},
		{"after 005", actors, data.ItemsQuery{After: "005"}, []string{"6", "7", "8", "9", "10", "11"}},
		{"after 9, numerically", actors, data.ItemsQuery{After: "9", Limit: 1}, []string{"10"}},
		{"after -1", actors, data.ItemsQuery{After: "-1", Limit: 2}, []string{"1", "2"}},
		{"after the last", actors, data.ItemsQuery{After: "11"}, []string{}},
		{"after, then offset", actors, data.ItemsQuery{After: "3", Offset: 2, Limit: 2}, []string{"6", "7"}},
		{"after 2A", deps, data.ItemsQuery{After: "2A"}, []string{"38", "69", "75", "84", "974"}},
		{"after 29, before 2A", deps, data.ItemsQuery{After: "29", Limit: 2}, []string{"2A", "38"}},
		{"after 2B, not an id", deps, data.ItemsQuery{After: "2B"}, []string{"38", "69", "75", "84", "974"}},
		{"after 9", deps, data.ItemsQuery{After: "9"}, []string{"974"}},
		{"after 2A004, not an id", communes, data.ItemsQuery{After: "2A004", Limit: 2}, []string{"2A041", "38185"}},
		{"after 2A041", communes, data.ItemsQuery{After: "2A041", Limit: 1}, []string{"38185"}},
		{"after 1", communes, data.ItemsQuery{After: "1", Limit: 1}, []string{"2A041"}},
		{"after a longer code", communes, data.ItemsQuery{After: "691230", Limit: 1}, []string{"69199"}},
	}
}

// lyonArea holds actors 1, 2, 3, 9, 10 and 11 (not Grenoble's 4).
func lyonArea() *orb.Bound {
	return &orb.Bound{Min: orb.Point{4.3, 45.7}, Max: orb.Point{5.1, 46.0}}
}

// combinedCase puts bbox, filters and cursor together; CountItems must give
// count, the matches without the cursor.
type combinedCase struct {
	filterCase
	count int64
}

func combinedCases() []combinedCase {
	lyon := lyonArea()
	central := &orb.Bound{Min: orb.Point{4.82, 45.75}, Max: orb.Point{4.89, 45.78}}
	return []combinedCase{
		{filterCase{"Lyon area, région 84, after 3", data.CollectionActors,
			data.ItemsQuery{BBox: lyon, Equals: eq("region", "84"), After: "3"}, []string{"9", "10", "11"}}, 6},
		{filterCase{"Lyon area, approximate, after 10", data.CollectionActors,
			data.ItemsQuery{BBox: lyon, Equals: eq("precision", "approximate"), After: "10"}, []string{"11"}}, 2},
		{filterCase{"central Lyon, mecenat, after 101", data.CollectionPartnerships,
			data.ItemsQuery{BBox: central, Equals: eq("category", "mecenat"), After: "101"}, []string{"105"}}, 2},
		// In the box: Lyon's and Villeurbanne's links, 101, 102, 104, 105,
		// 106, 109, 110; active in 2021: all but 109.
		{filterCase{"central Lyon, in 2021, after 102", data.CollectionPartnerships,
			data.ItemsQuery{BBox: central, During: during("2021-01-01", "2021-12-31"), After: "102", Limit: 1}, []string{"104"}}, 6},
		{filterCase{"Rhône-Alpes box, density 1, after 38185", data.CollectionCommunes,
			data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{4, 44}, Max: orb.Point{6, 47}},
				Equals: eq("density_class", "1"), After: "38185"}, []string{"69123", "69266"}}, 3},
	}
}

// invalidFilters are queries a store must refuse with a *data.FilterError
// (data.ErrInvalidFilter), with the property it must name.
func invalidFilters() []struct {
	collection string
	q          data.ItemsQuery
	names      string
} {
	return []struct {
		collection string
		q          data.ItemsQuery
		names      string
	}{
		{data.CollectionActors, data.ItemsQuery{Equals: eq("employer", "maybe")}, "employer"},
		{data.CollectionActors, data.ItemsQuery{Equals: eq("employer", "TRUE")}, "employer"},
		{data.CollectionActors, data.ItemsQuery{Equals: eq("kind", "association", "insertion", "1")}, "insertion"},
		{data.CollectionActors, data.ItemsQuery{Equals: eq("siren", "216901231")}, "siren"},
		{data.CollectionActors, data.ItemsQuery{Equals: eq("nope", "x")}, "nope"},
		{data.CollectionPartnerships, data.ItemsQuery{Equals: eq("start", "2019-13-01")}, "start"},
		{data.CollectionPartnerships, data.ItemsQuery{Equals: eq("end", "31/12/2019")}, "end"},
		{data.CollectionActors, data.ItemsQuery{After: "abc"}, "after"},
		{data.CollectionActors, data.ItemsQuery{During: during("2020-01-01", "")}, "datetime"},
		{data.CollectionCommunes, data.ItemsQuery{Equals: eq("density_class", "x")}, "density_class"},
		{data.CollectionCommunes, data.ItemsQuery{Equals: eq("density_class", "1.5")}, "density_class"},
		{data.CollectionPartnerships, data.ItemsQuery{Equals: eq("actor_a", "1e3")}, "actor_a"},
		{data.CollectionAlliances, data.ItemsQuery{Equals: eq("illustrative", "")}, "illustrative"},
	}
}

// extentCase is a collection's expected extent, computed by hand from the
// fixture: min and max of every coordinate, and of partnership starts.
type extentCase struct {
	collection string
	bound      orb.Bound
	first      string // "" when the collection has no temporal property
	last       string
}

func extentCases() []extentCase {
	b := func(x0, y0, x1, y1 float64) orb.Bound {
		return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
	}
	return []extentCase{
		// Paris (6) is westmost and northmost, Saint-Denis (7) east- and southmost.
		{data.CollectionActors, b(2.34, -20.88, 55.45, 48.86), "", ""},
		// Links reach both: 106 and 108 end at 6, 108 starts at 7. 108
		// (2015-06-01) starts first; most have no end: open.
		{data.CollectionPartnerships, b(2.34, -20.88, 55.45, 48.86), "2015-06-01", ""},
		// Points inside territories: 204 in Île-de-France's larger box
		// (2.505, 48.67), 202 in Vaucluse (5.2, 44.025), the others on
		// Lyon's points.
		{data.CollectionAlliances, b(2.505, 44.025, 5.2, 48.67), "", ""},
		// Île-de-France west and north, La Réunion east and south.
		{data.CollectionRegions, b(1.45, -21.4, 55.85, 49.24), "", ""},
		{data.CollectionDepartements, b(2.22, -21.4, 55.85, 48.91), "", ""},
		{data.CollectionEPCIs, b(2.35, -20.9, 55.5, 48.85), "", ""},
		{data.CollectionCommunes, b(2.3522, -20.8823, 55.4504, 48.8566), "", ""},
	}
}
