package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Matches are suggestions for one territory and domain, with the
// territory's fragility in the domain (nil when it has none at its level).
type Matches struct {
	Territory    data.TerritoryRef
	Domain       geo.Domain
	RadiusKm     float64
	Fragility    *float64
	Companies    int
	Associations int
	Suggestions  []geo.Match
}

// SuggestMatches proposes at most limit pairs of actors located in t, not
// yet partnered, at most radiusKm apart, for a partnership in domain
// (geo.SuggestMatches). The territory's fragility in the domain,
// from the gap ranking of its level, adds a reason to each suggestion.
func (a *Analyst) SuggestMatches(ctx context.Context, t data.TerritoryRef, domain geo.Domain, radiusKm float64, limit int) (Matches, error) {
	if err := checkSuggest(t, domain, radiusKm); err != nil {
		return Matches{}, err
	}
	v, err := a.version(ctx)
	if err != nil {
		return Matches{}, err
	}
	k := cacheKey{v, "matches", fmt.Sprintf("%s/%s/%s/%g/%d", t.Level, t.Code, domain, radiusKm, limit)}
	return get(ctx, a.cache, k, func(ctx context.Context) (Matches, int, error) {
		m, err := a.suggest(ctx, t, domain, radiusKm, limit)
		return m, 512 + 512*len(m.Suggestions), err
	})
}

// suggest computes SuggestMatches.
func (a *Analyst) suggest(ctx context.Context, t data.TerritoryRef, domain geo.Domain, radiusKm float64, limit int) (Matches, error) {
	var fragility *float64
	ranking, err := a.RankGaps(ctx, t.Level, domain, nil)
	if err == nil {
		for _, g := range ranking.Rows {
			if g.Code == t.Code {
				f := g.Fragility
				fragility = &f
			}
		}
	} else if !errors.Is(err, data.ErrInvalidFilter) { // a domain no indicator calls for has no fragility, nothing worse
		return Matches{}, err
	}
	return a.suggestMatches(ctx, t, domain, radiusKm, limit, fragility)
}

// checkSuggest refuses what SuggestMatches cannot answer.
func checkSuggest(t data.TerritoryRef, domain geo.Domain, radiusKm float64) error {
	if err := data.CheckMatchCandidates(t, domain); err != nil {
		return err
	}
	if !(radiusKm > 0) || math.IsInf(radiusKm, 1) {
		return &data.FilterError{Property: "radius_km", Problem: fmt.Sprintf("=%g is not a positive distance", radiusKm)}
	}
	return nil
}

// suggestMatches is SuggestMatches with the fragility known, as a portrait
// knows it from its own ranking.
func (a *Analyst) suggestMatches(ctx context.Context, t data.TerritoryRef, domain geo.Domain, radiusKm float64, limit int, fragility *float64) (Matches, error) {
	cands, err := a.store.MatchCandidates(ctx, t, domain)
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
