package storetest

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// touches is the either-end filter on one territory.
func touches(level geo.Level, code string) *data.TerritoryRef {
	return &data.TerritoryRef{Level: level, Code: code}
}

// touchesCases are either-end territory filters on partnerships, read off
// the fixture by hand: actor 8 is abroad, 4 (Grenoble) and 11 (Tarare) in
// no EPCI, 9 (Miribel, 01) and 10 (Genay, 69) both in the Dombes EPCI
// spanning two départements.
func touchesCases() []filterCase {
	p := data.CollectionPartnerships
	return []filterCase{
		{"commune of actors 1 and 3", p, data.ItemsQuery{Touches: touches(geo.LevelCommune, "69123")},
			[]string{"101", "102", "104", "105", "106", "109"}},
		{"commune overseas", p, data.ItemsQuery{Touches: touches(geo.LevelCommune, "97411")}, []string{"108"}},
		{"commune without actors", p, data.ItemsQuery{Touches: touches(geo.LevelCommune, "2A041")}, []string{}},
		{"EPCI across départements", p, data.ItemsQuery{Touches: touches(geo.LevelEPCI, epciDombes)}, []string{"103", "110"}},
		{"département 69", p, data.ItemsQuery{Touches: touches(geo.LevelDepartement, "69")},
			[]string{"101", "102", "103", "104", "105", "106", "109", "110"}},
		{"département 38, one end each time", p, data.ItemsQuery{Touches: touches(geo.LevelDepartement, "38")}, []string{"104", "107"}},
		{"région 84 (not the département)", p, data.ItemsQuery{Touches: touches(geo.LevelRegion, "84")},
			[]string{"101", "102", "103", "104", "105", "106", "107", "109", "110"}},
		{"région 93", p, data.ItemsQuery{Touches: touches(geo.LevelRegion, "93")}, []string{"107"}},
		{"unknown code", p, data.ItemsQuery{Touches: touches(geo.LevelDepartement, "99")}, []string{}},
		{"with an equality filter", p, data.ItemsQuery{Touches: touches(geo.LevelDepartement, "69"), Equals: eq("scale", "local")},
			[]string{"101", "102", "103"}},
		// Active in 2021: not 107 (2022) nor 109 (2023).
		{"with an interval", p, data.ItemsQuery{Touches: touches(geo.LevelRegion, "84"), During: during("2021-01-01", "2021-12-31")},
			[]string{"101", "102", "103", "104", "105", "106", "110"}},
		{"with a bbox around Lyon", p, data.ItemsQuery{Touches: touches(geo.LevelDepartement, "38"), BBox: lyonArea()}, []string{"104"}},
	}
}

// flowQueries are the filter sets the flows contract runs at every level.
func flowQueries() []struct {
	name string
	q    data.ItemsQuery
} {
	return []struct {
		name string
		q    data.ItemsQuery
	}{
		{"all", data.ItemsQuery{}},
		{"scale national", data.ItemsQuery{Equals: eq("scale", "national")}},
		{"category mecenat", data.ItemsQuery{Equals: eq("category", "mecenat")}},
		{"since 2019", data.ItemsQuery{During: during("2019-01-01", "")}},
		{"in 2017", data.ItemsQuery{During: during("2017-01-01", "2017-12-31")}},
		{"touching 69", data.ItemsQuery{Touches: touches(geo.LevelDepartement, "69")}},
		{"bbox around Lyon", data.ItemsQuery{BBox: lyonArea()}},
		{"top 2", data.ItemsQuery{Limit: 2}},
		{"matching nothing", data.ItemsQuery{Equals: eq("domain", "mobilite")}},
	}
}
