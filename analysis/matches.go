package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

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
	scored, err := a.gapScores(ctx, t.Level, domain, data.Today(ctx))
	if err == nil {
		if g, ok := scored.scores.Row(t.Code); ok {
			f := g.Fragility
			fragility = &f
		}
	} else if !errors.Is(err, data.ErrInvalidFilter) { // a domain no indicator calls for has no fragility, nothing worse
		return Matches{}, err
	}
	return a.suggestMatches(ctx, t, domain, radiusKm, limit, fragility)
}

// checkSuggest refuses what SuggestMatches cannot answer.
func checkSuggest(t data.TerritoryRef, domain geo.Domain, radiusKm float64) error {
	if err := data.CheckMatchCandidates(t); err != nil {
		return err
	}
	if !domain.Valid() {
		return &data.FilterError{Property: "domain", Problem: "=" + string(domain) + " is not a partnership domain"}
	}
	if !(radiusKm > 0) || math.IsInf(radiusKm, 1) {
		return &data.FilterError{Property: "radius_km", Problem: fmt.Sprintf("=%g is not a positive distance", radiusKm)}
	}
	return nil
}

// suggestMatches is SuggestMatches with the fragility known, as a portrait
// knows it from its own ranking.
func (a *Analyst) suggestMatches(ctx context.Context, t data.TerritoryRef, domain geo.Domain, radiusKm float64, limit int, fragility *float64) (Matches, error) {
	cands, err := a.matchCandidates(ctx, t)
	if err != nil {
		return Matches{}, err
	}
	out := Matches{Territory: t, Domain: domain, RadiusKm: radiusKm, Fragility: fragility, Companies: len(cands.Companies)}
	for _, as := range cands.Associations {
		if slices.Contains(as.Domains, domain) {
			out.Associations++
		}
	}
	out.Suggestions, err = geo.SuggestMatches(ctx, geo.MatchInput{Domain: domain, RadiusKm: radiusKm,
		Companies: cands.Companies, Associations: cands.Associations, Partnered: cands.Partnered,
		Fragility: fragility, Limit: limit})
	if err != nil {
		return Matches{}, err
	}
	return out, nil
}

// matchCandidates reads t's candidates once per data version for every
// domain: a portrait's three domains and the suggestions asked next share
// one read (a département's took 0.1 to 0.15 s per domain on national
// data). The weight counts what the actors and pairs keep in memory.
func (a *Analyst) matchCandidates(ctx context.Context, t data.TerritoryRef) (data.MatchCandidates, error) {
	v, err := a.version(ctx)
	if err != nil {
		return data.MatchCandidates{}, err
	}
	return get(ctx, a.cache, cacheKey{v, "candidates", string(t.Level) + "/" + t.Code}, func(ctx context.Context) (data.MatchCandidates, int, error) {
		c, err := a.store.MatchCandidates(ctx, t)
		size := 256 + 64*len(c.Partnered)
		for _, as := range [][]geo.Actor{c.Companies, c.Associations} {
			for _, x := range as {
				size += 256 + len(x.Name) + 16*len(x.Domains)
			}
		}
		return c, size, err
	})
}
