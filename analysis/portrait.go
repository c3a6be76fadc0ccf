package analysis

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/geo/cql2"
	"golang.org/x/sync/errgroup"
)

// Portrait is a territory's diagnostic (the "diagnostic territorial" of
// partnership facilitators): who it is, how fragile, who acts there, how
// they partner, and where partnerships are most missing, with suggestions
// to close the gaps. Every figure comes from the rows through the store.
type Portrait struct {
	Territory  geo.Territory
	Parent     *geo.Territory // the département of a commune or EPCI, the région of a département; nil for a région
	Indicators []PortraitIndicator
	// ActorsByKind counts the actors located in the territory.
	ActorsByKind map[geo.ActorKind]int64
	// Observatory holds the RAMEAU figures over the territory's actors
	// (partnering rates of associations and of companies of 10+ employees…).
	Observatory geo.Observatory
	// Partnerships counts those with at least one actor located in the
	// territory, in total and by category, domain, scale and life-cycle
	// stage (those of unknown stage are in no ByStage count).
	Partnerships           int64
	PartnershipsByCategory map[geo.Category]int64
	PartnershipsByDomain   map[geo.Domain]int64
	PartnershipsByScale    map[geo.Scale]int64
	PartnershipsByStage    map[geo.Stage]int64
	// Alliances are those whose territory is this one.
	Alliances []PortraitAlliance
	// Gaps are the territory's three largest partnership gaps (by domain,
	// from the "all" ranking of its level), each with suggestions.
	Gaps []PortraitGap
	// Similar are the territories of its level most like it, and
	// Duplicable the alliances of those acting on its largest gaps
	// (Analyst.Similar and Duplicable), portraitSimilar of each.
	Similar    []SimilarTerritory
	Duplicable []DuplicableAlliance
}

// PortraitIndicator is one indicator of the territory beside its parent's
// and the national value, with its rank among the territories of the same
// level (1 = the highest value) and its percentile (PercentileRanks of the
// values, 1 = the highest).
type PortraitIndicator struct {
	Indicator  geo.Indicator
	Value      *float64
	Parent     *float64
	National   *float64
	Rank       int
	Of         int
	Percentile *float64
}

// PortraitGap is one domain's gap and the suggestions that would close it.
type PortraitGap struct {
	geo.GapDomain
	Suggestions []geo.Match
}

// Portrait thresholds: how many gaps and suggestions a portrait shows, and
// within which distance.
const (
	portraitGaps        = 3
	portraitSuggestions = 3
	portraitRadiusKm    = 20
	portraitSimilar     = 5
)

// Portrait assembles the portrait of one territory; an unknown one
// wraps ErrNotFound. during, when set, dates its partnerships: the
// observatory figures, the partnerships by category, domain, scale and
// stage, and the gaps count only those active then (indicators, actors,
// alliances, similar territories and solutions stay today's).
func (a *Analyst) Portrait(ctx context.Context, level geo.Level, code string, during *data.Interval) (Portrait, error) {
	v, err := a.version(ctx)
	if err != nil {
		return Portrait{}, err
	}
	args := string(level) + "/" + code
	if during != nil {
		args += "/during=" + during.Start.String() + "/" + during.End.String()
	}
	return get(ctx, a.cache, cacheKey{v, "portrait", args}, func(ctx context.Context) (Portrait, int, error) {
		p, err := a.portrait(ctx, level, code, during)
		return p, 16 << 10, err
	})
}

// portrait computes Portrait.
func (a *Analyst) portrait(ctx context.Context, level geo.Level, code string, during *data.Interval) (Portrait, error) {
	s := a.store
	t, err := s.Territory(ctx, level, code)
	if err != nil {
		return Portrait{}, err
	}
	p := Portrait{Territory: t}
	// The sections are independent: computed at once, each in its own
	// field, so the portrait costs its slowest section rather than their
	// sum (the Rhône's: 5.3 s one after the other on national data). The
	// longest start first (the gaps rank every territory of the level, then
	// suggest pairs): with portraitReaders at a time, a long section
	// started last would add its whole length to the others'.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(portraitReaders)
	g.Go(func() (err error) { p.Gaps, err = a.portraitGapsOf(gctx, t, during); return err })
	g.Go(func() (err error) { p.Observatory, err = a.Observatory(gctx, level, code, during); return err })
	g.Go(func() error { return portraitPartnerships(gctx, s, t, during, &p) })
	g.Go(func() (err error) {
		if parentLevel, parentCode := parentOf(t); parentCode != "" {
			if parent, err := s.Territory(gctx, parentLevel, parentCode); err == nil {
				p.Parent = &parent
			} else if !errors.Is(err, data.ErrNotFound) {
				return err
			}
		}
		p.Indicators, err = a.portraitIndicators(gctx, t, p.Parent)
		return err
	})
	g.Go(func() (err error) {
		p.ActorsByKind, err = s.ActorsByKind(gctx, data.TerritoryRef{Level: t.Level, Code: t.Code})
		return err
	})
	g.Go(func() (err error) { p.Alliances, err = a.alliancesOf(gctx, t); return err })
	g.Go(func() error {
		sim, err := a.Similar(gctx, level, code, duplicableNeighbours)
		if err != nil {
			return err
		}
		p.Similar = sim.Similar[:min(portraitSimilar, len(sim.Similar))]
		dup, err := a.duplicableFrom(gctx, level, code, sim, portraitSimilar, time.Now())
		p.Duplicable = dup.Solutions
		return err
	})
	if err := g.Wait(); err != nil {
		return Portrait{}, err
	}
	return p, nil
}

// portraitReaders bounds the sections of one portrait computed at once:
// enough to overlap PostgreSQL's work, few enough to leave the pool to
// other requests.
const portraitReaders = 3

// parentOf names the territory a portrait compares t with: its
// département (a commune, an EPCI within one) or its région.
func parentOf(t geo.Territory) (geo.Level, string) {
	switch t.Level {
	case geo.LevelCommune, geo.LevelEPCI:
		if t.DepartementCode != "" {
			return geo.LevelDepartement, t.DepartementCode
		}
		return geo.LevelRegion, t.RegionCode
	case geo.LevelDepartement:
		return geo.LevelRegion, t.RegionCode
	}
	return "", ""
}

func (a *Analyst) portraitIndicators(ctx context.Context, t geo.Territory, parent *geo.Territory) ([]PortraitIndicator, error) {
	catalogue, err := a.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	// Each indicator reads its values at two levels and its national value
	// (kept per data version, but read from the store the first time):
	// at once, each into its own slot.
	var used []geo.Indicator
	for _, ind := range catalogue {
		if data.CheckIndicatorLevel(ind, t.Level) == nil {
			used = append(used, ind)
		}
	}
	out := make([]PortraitIndicator, len(used))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(portraitReaders)
	for i, ind := range used {
		g.Go(func() error {
			pi := PortraitIndicator{Indicator: ind}
			values, err := a.IndicatorValues(ctx, ind.ID, t.Level, 0)
			if err != nil {
				return err
			}
			if v, ok := values[t.Code]; ok && !math.IsNaN(v) {
				pi.Value = &v
				// Rank 1 is the highest value; the percentile is
				// geo.PercentileRanks's, over the territories with a value.
				all, own := make([]float64, 0, len(values)), -1
				for code, x := range values {
					if math.IsNaN(x) {
						continue
					}
					if code == t.Code {
						own = len(all)
					}
					if x > v {
						pi.Rank++
					}
					all = append(all, x)
				}
				pi.Rank++
				pi.Of = len(all)
				pct := geo.PercentileRanks(all)[own]
				pi.Percentile = &pct
			}
			if parent != nil && data.CheckIndicatorLevel(ind, parent.Level) == nil {
				pv, err := a.IndicatorValues(ctx, ind.ID, parent.Level, 0)
				if err != nil {
					return err
				}
				if v, ok := pv[parent.Code]; ok {
					pi.Parent = &v
				}
			}
			national, err := a.IndicatorNational(ctx, ind.ID, 0)
			if err != nil {
				return err
			}
			if !math.IsNaN(national) {
				pi.National = &national
			}
			out[i] = pi
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// portraitPartnerships counts the partnerships touching t by category,
// domain and scale (the either-end filter of the links layer), in one pass
// of the store; every value is listed, zero when no partnership takes it.
func portraitPartnerships(ctx context.Context, s data.Store, t geo.Territory, during *data.Interval, p *Portrait) error {
	b, err := s.PartnershipBreakdown(ctx, data.TerritoryRef{Level: t.Level, Code: t.Code}, during)
	if err != nil {
		return err
	}
	p.Partnerships = b.Total
	p.PartnershipsByCategory = map[geo.Category]int64{}
	for _, c := range geo.Categories {
		p.PartnershipsByCategory[c] = b.ByCategory[c]
	}
	p.PartnershipsByDomain = map[geo.Domain]int64{}
	for _, d := range geo.Domains {
		p.PartnershipsByDomain[d] = b.ByDomain[d]
	}
	p.PartnershipsByScale = map[geo.Scale]int64{}
	for _, sc := range geo.Scales {
		p.PartnershipsByScale[sc] = b.ByScale[sc]
	}
	p.PartnershipsByStage = map[geo.Stage]int64{}
	for _, st := range geo.Stages {
		p.PartnershipsByStage[st] = b.ByStage[st]
	}
	return nil
}

// PortraitAlliance is an alliance as the alliances layer serves it.
type PortraitAlliance struct {
	ID         int64      `json:"-"`
	Name       string     `json:"name"`
	Stake      geo.Domain `json:"stake"`
	StartYear  *int       `json:"start_year"`
	Members    int        `json:"members"`
	Worlds     int        `json:"worlds"`
	MemberList MemberList `json:"member_list"`
}

// MemberList is an alliance's members. The alliances layer serves them as
// the JSON text of the list (GIS clients export no nested lists); the
// portrait gives the list itself.
type MemberList []struct {
	Actor int64    `json:"actor"`
	Name  string   `json:"name"`
	Kind  string   `json:"kind"`
	World string   `json:"world"`
	Role  geo.Role `json:"role"`
}

// UnmarshalJSON reads the list, or a string holding its JSON text.
func (l *MemberList) UnmarshalJSON(b []byte) error {
	var text string
	if json.Unmarshal(b, &text) == nil {
		b = []byte(text)
	}
	type plain MemberList
	return json.Unmarshal(b, (*plain)(l))
}

// alliancesOf lists the alliances whose territory is t, read from the
// alliances layer so that members, roles and worlds are the ones served.
func (a *Analyst) alliancesOf(ctx context.Context, t geo.Territory) ([]PortraitAlliance, error) {
	anchored, err := a.alliancesIn(ctx, t.Level, []cql2.Expr{&cql2.String{Value: t.Code}})
	out := make([]PortraitAlliance, 0, len(anchored))
	for _, al := range anchored {
		out = append(out, al.PortraitAlliance)
	}
	return out, err
}

// portraitGapsOf ranks t's domains by gap (the "all" ranking of its
// level, which keeps each domain's parts) and suggests pairs for the
// largest three.
func (a *Analyst) portraitGapsOf(ctx context.Context, t geo.Territory, during *data.Interval) ([]PortraitGap, error) {
	// The suggestions' candidates do not depend on the ranking: read while
	// it is computed (the suggestions below then find them in the cache, or
	// wait for this read). For Lyon: 55 ms off a 0.27 s portrait. Should
	// the portrait end first, the read ends with it; another request waiting
	// on the same candidates then reads them itself (cache.go).
	ref := data.TerritoryRef{Level: t.Level, Code: t.Code}
	go func() { _, _ = a.matchCandidates(ctx, ref) }()
	// The scores of every territory of the level, but t's row only: the
	// others' rows are half a national ranking's time (geo.GapScores).
	scored, err := a.gapScores(ctx, t.Level, geo.DomainAll, during)
	if err != nil {
		if errors.Is(err, data.ErrInvalidFilter) {
			return nil, nil // no indicator at this level
		}
		return nil, err
	}
	row, ok := scored.scores.Row(t.Code)
	if !ok {
		return nil, nil
	}
	domains := row.Domains // written for this call alone (geo.GapScores.Row)
	slices.SortStableFunc(domains, func(a, b geo.GapDomain) int { return cmp.Compare(b.Gap, a.Gap) })
	// Each gap's suggestions read their own candidates: at once.
	out := make([]PortraitGap, min(portraitGaps, len(domains)))
	g, gctx := errgroup.WithContext(ctx)
	for i := range out {
		d := domains[i]
		g.Go(func() error {
			fragility := d.Fragility
			m, err := a.suggestMatches(gctx, ref, d.Domain, portraitRadiusKm, portraitSuggestions, &fragility)
			out[i] = PortraitGap{GapDomain: d, Suggestions: m.Suggestions}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}
