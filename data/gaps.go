package data

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/maillage/maillage/geo"
)

// GapReport is a gap ranking (geo.RankGaps) with what a reader needs
// beside it: the names of the ranked territories and the catalogue entries
// of the indicators used.
type GapReport struct {
	geo.GapRanking
	Level      geo.Level
	Within     *TerritoryRef
	Names      map[string]string
	Indicators []geo.Indicator
}

// RankGaps ranks the territories of level by their partnership gap in
// domain (a geo.Domain or geo.DomainAll), from what any Store serves: the
// catalogue, each indicator's values at level for its own year (indicators
// whose finest level is wider than level are left out) and Coverage. The
// percentile ranks are always taken among all the territories of the level
// in France, so a territory's gap and rank do not depend on the view;
// within only keeps the rows (and unrated territories) inside it.
//
// A bad level or within is a *FilterError (CheckCoverage), an unknown
// domain or one no indicator calls for a *FilterError naming "domain", an
// unknown within territory wraps ErrNotFound.
func RankGaps(ctx context.Context, s Store, level geo.Level, domain geo.Domain, within *TerritoryRef) (GapReport, error) {
	if err := CheckCoverage(level, within); err != nil {
		return GapReport{}, err
	}
	catalogue, err := s.Indicators(ctx)
	if err != nil {
		return GapReport{}, err
	}
	var usable []geo.Indicator
	for _, ind := range catalogue {
		if CheckIndicatorLevel(ind, level) == nil {
			usable = append(usable, ind)
		}
	}
	coverage, err := s.Coverage(ctx, level, nil)
	if err != nil {
		return GapReport{}, err
	}
	keep := map[string]bool(nil)
	if within != nil {
		inside, err := s.Coverage(ctx, level, within)
		if err != nil {
			return GapReport{}, err
		}
		keep = make(map[string]bool, len(inside))
		for _, c := range inside {
			keep[c.Code] = true
		}
	}
	in := make([]geo.GapInput, len(coverage))
	names := make(map[string]string, len(coverage))
	for i, c := range coverage {
		in[i] = geo.GapInput{Code: c.Code, Population: float64(c.Population),
			Partnerships: c.ByDomain, PartnershipsTotal: c.Partnerships}
		names[c.Code] = c.Name
	}
	// An empty ranking checks the domain and names the domains it weighs
	// before any value is read.
	probe, err := geo.RankGaps(usable, domain, nil)
	if err != nil {
		return GapReport{}, gapDomainError(domain, err)
	}
	var used []geo.Indicator
	for _, ind := range usable {
		if slices.ContainsFunc(ind.Domains, func(d geo.Domain) bool { return slices.Contains(probe.Domains, d) }) {
			used = append(used, ind)
		}
	}
	// in[i].Values[k] is territory i's value of used[k], NaN for none
	// (geo.GapInput): one backing array, a row of len(used) per territory,
	// filled in territory order by looking each code up in the indicator's
	// values.
	values := make([]float64, len(in)*len(used))
	for i := range values {
		values[i] = math.NaN()
	}
	for i := range in {
		in[i].Values = values[i*len(used) : (i+1)*len(used) : (i+1)*len(used)]
	}
	for k, ind := range used {
		byCode, err := s.IndicatorValues(ctx, ind.ID, level, 0)
		if err != nil {
			return GapReport{}, err
		}
		if len(byCode) == 0 {
			continue
		}
		for i := range in {
			if v, ok := byCode[in[i].Code]; ok {
				values[i*len(used)+k] = v
			}
		}
	}
	ranking, err := geo.RankGaps(used, domain, in)
	if err != nil {
		return GapReport{}, gapDomainError(domain, err)
	}
	if keep != nil {
		ranking.Rows = slices.DeleteFunc(ranking.Rows, func(g geo.Gap) bool { return !keep[g.Code] })
		ranking.Unrated = slices.DeleteFunc(ranking.Unrated, func(u geo.GapUnrated) bool { return !keep[u.Code] })
		for code := range names {
			if !keep[code] {
				delete(names, code)
			}
		}
	}
	return GapReport{GapRanking: ranking, Level: level, Within: within, Names: names, Indicators: used}, nil
}

// gapDomainError turns geo.RankGaps's domain errors into a *FilterError
// naming "domain".
func gapDomainError(domain geo.Domain, err error) error {
	switch {
	case errors.Is(err, geo.ErrUnknownDomain):
		return &FilterError{"domain", fmt.Sprintf("=%q is not a partnership domain nor %q", domain, geo.DomainAll)}
	case errors.Is(err, geo.ErrNoIndicator):
		return &FilterError{"domain", fmt.Sprintf("=%q: no indicator available at this level calls for it", domain)}
	}
	return err
}
