package memory

import (
	"strconv"
	"time"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// valueFunc returns the value of one queryable property of the feature at a
// position in the collection, as filter text (see filterText): the value
// the feature's JSON shows, "" where it shows null.
type valueFunc func(i int) string

// The tables below list each collection's queryables (data.Catalog()) with
// the same inputs the render functions use, so a filter matches exactly
// the features that show the value; TestQueryablesMatchRendering holds
// them to it.

func actorQueryables(d *dataset.Dataset, places []geo.Place) map[string]valueFunc {
	a := func(i int) *geo.Actor { return &d.Actors[i] }
	return map[string]valueFunc{
		"name":        func(i int) string { return a(i).Name },
		"kind":        func(i int) string { return string(a(i).Kind) },
		"sector":      func(i int) string { return string(a(i).Sector) },
		"size_class":  func(i int) string { return string(a(i).SizeClass()) },
		"commune":     func(i int) string { return a(i).CommuneCode },
		"epci":        func(i int) string { return places[i].EPCI },
		"departement": func(i int) string { return places[i].Departement },
		"region":      func(i int) string { return places[i].Region },
		"country":     func(i int) string { return orFR(a(i).Country) },
		"precision":   func(i int) string { return string(a(i).Precision) },
		"employer":    func(i int) string { return boolText(a(i).Employer) },
		"insertion":   func(i int) string { return boolText(a(i).Insertion) },
		"reach":       func(i int) string { return string(a(i).Reach) },
		"active":      func(i int) string { return boolText(!a(i).Inactive) },
	}
}

// partnershipQueryables: kind_a and kind_b are the actors' kinds, as the
// line joins them.
func partnershipQueryables(d *dataset.Dataset, kinds map[int64]geo.ActorKind) map[string]valueFunc {
	p := func(i int) *geo.Partnership { return &d.Partnerships[i] }
	return map[string]valueFunc{
		"category": func(i int) string { return string(p(i).Category) },
		"domain":   func(i int) string { return string(p(i).Domain) },
		"scale":    func(i int) string { return string(p(i).Scale) },
		"kind_a":   func(i int) string { return string(kinds[p(i).ActorA]) },
		"kind_b":   func(i int) string { return string(kinds[p(i).ActorB]) },
		"actor_a":  func(i int) string { return strconv.FormatInt(p(i).ActorA, 10) },
		"actor_b":  func(i int) string { return strconv.FormatInt(p(i).ActorB, 10) },
		"start":    func(i int) string { return p(i).Start.Format(time.DateOnly) },
		"end": func(i int) string {
			if p(i).End.IsZero() {
				return ""
			}
			return p(i).End.Format(time.DateOnly)
		},
		"stage": func(i int) string { return string(p(i).Stage) }, // "": unknown, a null
	}
}

func allianceQueryables(d *dataset.Dataset) map[string]valueFunc {
	al := func(i int) *geo.Alliance { return &d.Alliances[i] }
	return map[string]valueFunc{
		"name":            func(i int) string { return al(i).Name },
		"stake":           func(i int) string { return string(al(i).Stake) },
		"territory":       func(i int) string { return al(i).TerritoryCode },
		"territory_level": func(i int) string { return string(al(i).TerritoryLevel) },
		"illustrative":    func(i int) string { return boolText(al(i).Illustrative) },
	}
}

// territoryQueryables: members are the positions in d.Territories of the
// collection's features, in order. An unknown density class (0) is null.
func territoryQueryables(d *dataset.Dataset, members []int32) map[string]valueFunc {
	t := func(i int) *geo.Territory { return &d.Territories[members[i]] }
	return map[string]valueFunc{
		"name":                 func(i int) string { return t(i).Name },
		"region":               func(i int) string { return t(i).RegionCode },
		"departement":          func(i int) string { return t(i).DepartementCode },
		"epci":                 func(i int) string { return t(i).EPCICode },
		"density_class":        func(i int) string { return intOrNull(int64(t(i).Typology.DensityClass)) },
		"rural_revitalisation": func(i int) string { return boolText(t(i).Typology.RuralRevitalisation) },
		"natural_park":         func(i int) string { return boolText(t(i).Typology.NaturalPark) },
	}
}

func orFR(country string) string {
	if country == "" {
		return "FR"
	}
	return country
}

func boolText(b bool) string { return strconv.FormatBool(b) }

func intOrNull(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// filterText is a value parsed by data.Collection.FilterValue as the text
// valueFunc gives: "true"/"false", a decimal integer without sign or
// leading zeros, or the string itself.
func filterText(v any) string {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case string:
		return v
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return ""
}
