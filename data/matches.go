package data

import (
	"github.com/maillage/maillage/geo"
)

// MatchCandidates are the actors located in a territory that a suggestion
// may pair (geo.SuggestMatches): companies of geo.MinMatchEmployees
// employees or more and every association, each list in id order, and the
// pairs of them already partnered, in any domain. They hold the candidates
// of every domain at once (SuggestMatches keeps the associations acting in
// its domain): a portrait suggests pairs for three domains from one read.
// Stores select them where the rows are; SuggestMatches scores them.
type MatchCandidates struct {
	Companies    []geo.Actor
	Associations []geo.Actor
	Partnered    geo.PairSet
}

// CheckMatchCandidates reports a MatchCandidates request no store answers:
// a level that is not one of geo.Levels (a *FilterError naming "level").
func CheckMatchCandidates(t TerritoryRef) error {
	if !t.Level.Valid() {
		return &FilterError{"level", "=" + string(t.Level) + " is not one of region, departement, epci, commune"}
	}
	return nil
}
