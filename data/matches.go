package data

import (
	"github.com/maillage/maillage/geo"
)

// MatchCandidates are the actors located in a territory that a suggestion
// may pair (geo.SuggestMatches): companies of geo.MinMatchEmployees
// employees or more and associations whose domains include the domain,
// each list in id order, and the pairs of them already partnered, in any
// domain. Stores select them where the rows are; SuggestMatches scores them.
type MatchCandidates struct {
	Companies    []geo.Actor
	Associations []geo.Actor
	Partnered    geo.PairSet
}

// CheckMatchCandidates reports a MatchCandidates request no store answers:
// a level that is not one of geo.Levels (a *FilterError naming "level") or
// a domain that is not a partnership domain (naming "domain").
func CheckMatchCandidates(t TerritoryRef, domain geo.Domain) error {
	if !t.Level.Valid() {
		return &FilterError{"level", "=" + string(t.Level) + " is not one of region, departement, epci, commune"}
	}
	if !domain.Valid() {
		return &FilterError{"domain", "=" + string(domain) + " is not a partnership domain"}
	}
	return nil
}
