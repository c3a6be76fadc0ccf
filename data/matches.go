package data

import (
	"context"
	"errors"
	"fmt"
	"math"

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

// Matches are suggestions for one territory and domain, with the
// territory's fragility in the domain (nil when it has none at its level).
type Matches struct {
	Territory    TerritoryRef
	Domain       geo.Domain
	RadiusKm     float64
	Fragility    *float64
	Companies    int
	Associations int
	Suggestions  []geo.Match
}

// SuggestMatches proposes at most limit pairs of actors located in t, not
// yet partnered, at most radiusKm apart, for a partnership in domain
// (DESIGN §3, geo.SuggestMatches). The territory's fragility in the domain,
// from the gap ranking of its level, adds a reason to each suggestion.
func SuggestMatches(ctx context.Context, s Store, t TerritoryRef, domain geo.Domain, radiusKm float64, limit int) (Matches, error) {
	if err := checkSuggest(t, domain, radiusKm); err != nil {
		return Matches{}, err
	}
	var fragility *float64
	ranking, err := RankGaps(ctx, s, t.Level, domain, nil)
	if err == nil {
		for _, g := range ranking.Rows {
			if g.Code == t.Code {
				f := g.Fragility
				fragility = &f
			}
		}
	} else if !errors.Is(err, ErrInvalidFilter) { // a domain no indicator calls for has no fragility, nothing worse
		return Matches{}, err
	}
	return suggestMatches(ctx, s, t, domain, radiusKm, limit, fragility)
}

// checkSuggest refuses what SuggestMatches cannot answer.
func checkSuggest(t TerritoryRef, domain geo.Domain, radiusKm float64) error {
	if err := CheckMatchCandidates(t, domain); err != nil {
		return err
	}
	if !(radiusKm > 0) || math.IsInf(radiusKm, 1) {
		return &FilterError{"radius_km", fmt.Sprintf("=%g is not a positive distance", radiusKm)}
	}
	return nil
}

// suggestMatches is SuggestMatches with the fragility known, as a portrait
// knows it from its own ranking.
func suggestMatches(ctx context.Context, s Store, t TerritoryRef, domain geo.Domain, radiusKm float64, limit int, fragility *float64) (Matches, error) {
	cands, err := s.MatchCandidates(ctx, t, domain)
	if err != nil {
		return Matches{}, err
	}
	out := Matches{Territory: t, Domain: domain, RadiusKm: radiusKm, Fragility: fragility,
		Companies: len(cands.Companies), Associations: len(cands.Associations)}
	out.Suggestions, err = geo.SuggestMatches(geo.MatchInput{Domain: domain, RadiusKm: radiusKm,
		Companies: cands.Companies, Associations: cands.Associations, Partnered: cands.Partnered,
		Fragility: fragility, Limit: limit})
	if err != nil {
		return Matches{}, err
	}
	return out, nil
}
