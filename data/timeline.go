package data

import (
	"cmp"
	"slices"

	"github.com/maillage/maillage/geo"
)

// PartnershipYears is what a territory's timeline is built from, reduced
// where the rows are to counts by calendar year, so that a store sends a
// few hundred rows for a région's hundreds of thousands of partnerships:
//
//   - Groups counts the partnerships with at least one end in the territory
//     (an actor whose commune is, or lies in, it: ItemsQuery.Touches), each
//     once, by the year they start, the year they end (0 for none), their
//     category, domain and scale;
//   - Spans counts, for the associations and the companies of 10 or more
//     employees located in the territory (the two groups whose partnering
//     rates the RAMEAU barometer follows), the runs of consecutive years
//     in which each had at least one partnership with anyone: the years of
//     an actor's partnerships (from its start year to its end year,
//     inclusive) merged, a run ending where a year has none. An actor
//     partnering in 2010–2012 and again from 2015 is in two spans.
//
// A year Y then has active the groups with Start ≤ Y and (End = 0 or
// End ≥ Y), and partnering the actors of the spans holding Y: whole
// calendar years, so "active in Y" is "active at some point of Y". Both
// lists come sorted by every field in order (SortPartnershipYears), so two
// stores' answers compare with reflect.DeepEqual; an empty territory gives
// empty, non-nil lists.
type PartnershipYears struct {
	Groups []PartnershipYearGroup
	Spans  []PartneringSpan
}

// PartnershipYearGroup is one group of PartnershipYears.Groups.
type PartnershipYearGroup struct {
	Start, End int // calendar years; End 0: no end
	Category   geo.Category
	Domain     geo.Domain
	Scale      geo.Scale
	N          int64
}

// PartneringGroup names the actors whose partnering spans are counted.
type PartneringGroup string

const (
	// PartneringAssociations are the associations.
	PartneringAssociations PartneringGroup = "association"
	// PartneringCompanies10 are the companies (geo.KindEntreprise) of 10
	// or more employees.
	PartneringCompanies10 PartneringGroup = "company10"
)

// PartneringGroupOf is the group whose spans count actor a, "" for none:
// an inactive actor (closed or dissolved) is in none, as the timeline's
// rates are over today's actors.
func PartneringGroupOf(a geo.Actor) PartneringGroup {
	switch {
	case a.Inactive:
		return ""
	case a.Kind == geo.KindAssociation:
		return PartneringAssociations
	case a.Kind == geo.KindEntreprise && a.Employees >= 10:
		return PartneringCompanies10
	}
	return ""
}

// PartneringSpan counts the actors of a group partnering in every year from
// From to To (0: still partnering, some partnership having no end), and in
// neither the year before From nor the year after To.
type PartneringSpan struct {
	Group    PartneringGroup
	From, To int
	N        int64
}

// SortPartnershipYears puts both lists of y in the order PartnershipYears
// promises.
func SortPartnershipYears(y *PartnershipYears) {
	slices.SortFunc(y.Groups, func(a, b PartnershipYearGroup) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.Domain, b.Domain), cmp.Compare(a.Scale, b.Scale))
	})
	slices.SortFunc(y.Spans, func(a, b PartneringSpan) int {
		return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
}
