package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"golang.org/x/sync/errgroup"
)

// Similar is the territories of one level closest to a territory by
// typology and fragility profile (geo.ExplainDistance), closest first.
type Similar struct {
	Territory geo.Territory
	Similar   []SimilarTerritory
}

// SimilarTerritory is one territory like another: its distance (0 alike,
// 1 wholly unlike) and the parts of it, explained.
type SimilarTerritory struct {
	Territory geo.Territory
	Distance  float64
	Parts     []geo.DistancePart
}

// Limits of Similar.
const (
	SimilarDefault = 10
	SimilarMax     = 100
)

// levelProfiles is every territory of a level with its geo.Profile
// against the catalogue of the indicators the level has: computed once per
// data version and level, then shared by every comparison.
type levelProfiles struct {
	catalogue   []geo.Indicator
	territories []geo.Territory
	profiles    []geo.Profile
	index       map[string]int
}

// profiles builds levelProfiles, kept per indicators' version: what they
// hold (the territories' identity and typology, the indicator values)
// changes only with it, so a write of actors, partnerships or alliances
// leaves them be (a commune's took 0.3 s to read again on national data).
// Their territories' alliance histories are left out, since those follow
// the alliances.
func (a *Analyst) profiles(ctx context.Context, level geo.Level) (*levelProfiles, error) {
	v, err := a.indicatorsVersion(ctx)
	if err != nil {
		return nil, err
	}
	return get(ctx, a.cache, cacheKey{v, "profiles", string(level)}, func(ctx context.Context) (*levelProfiles, int, error) {
		p, err := a.readProfiles(ctx, level)
		if err != nil {
			return nil, 0, err
		}
		return p, 256 + len(p.territories)*(160+8*len(p.catalogue)), nil
	})
}

func (a *Analyst) readProfiles(ctx context.Context, level geo.Level) (*levelProfiles, error) {
	catalogue, err := a.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	p := &levelProfiles{}
	for _, ind := range catalogue {
		if data.CheckIndicatorLevel(ind, level) == nil {
			p.catalogue = append(p.catalogue, ind)
		}
	}
	values := make([]map[string]float64, len(p.catalogue))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(gapReaders)
	g.Go(func() (err error) { p.territories, err = a.store.TerritoryProfiles(gctx, level); return err })
	for k, ind := range p.catalogue {
		g.Go(func() (err error) { values[k], err = a.IndicatorValues(gctx, ind.ID, level, 0); return err })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	p.index = make(map[string]int, len(p.territories))
	p.profiles = make([]geo.Profile, len(p.territories))
	column := make([]float64, len(p.territories))
	fragility := make([]float64, len(p.territories)*len(p.catalogue)) // one backing array, a row per territory
	for i, t := range p.territories {
		p.territories[i].Alliances = geo.AllianceHistory{}
		p.index[t.Code] = i
		p.profiles[i] = geo.Profile{Typology: t.Typology, Fragility: fragility[i*len(p.catalogue) : (i+1)*len(p.catalogue)]}
	}
	for k, ind := range p.catalogue {
		for i, t := range p.territories {
			v, ok := values[k][t.Code]
			if !ok {
				v = math.NaN()
			}
			column[i] = v
		}
		for i, r := range geo.OrientedPercentiles(ind, column) {
			p.profiles[i].Fragility[k] = r
		}
	}
	return p, nil
}

// Similar lists the limit territories of level closest to the territory
// code (itself left out), each with the parts of its distance; an unknown
// territory wraps data.ErrNotFound, a limit outside 1..SimilarMax is a
// *data.FilterError naming "limit".
func (a *Analyst) Similar(ctx context.Context, level geo.Level, code string, limit int) (Similar, error) {
	if limit < 1 || limit > SimilarMax {
		return Similar{}, &data.FilterError{Property: "limit", Problem: fmt.Sprintf("=%d is not in 1..%d", limit, SimilarMax)}
	}
	if err := data.CheckProfilesLevel(level); err != nil {
		return Similar{}, err
	}
	p, err := a.profiles(ctx, level)
	if err != nil {
		return Similar{}, err
	}
	self, ok := p.index[code]
	if !ok {
		return Similar{}, fmt.Errorf("territory %s %q: %w", level, code, data.ErrNotFound)
	}
	type near struct {
		i int
		d float64
	}
	// Closest first; ties by code, so that the order is the same on every
	// store and run. Only the limit closest are kept, in order, as they
	// come: sorting the 35 000 communes took 14 ms of a portrait.
	order := func(x, y near) int {
		return cmp.Or(cmp.Compare(x.d, y.d), cmp.Compare(p.territories[x.i].Code, p.territories[y.i].Code))
	}
	best := make([]near, 0, limit+1)
	for i := range p.territories {
		if i%4096 == 0 && ctx.Err() != nil {
			return Similar{}, ctx.Err()
		}
		if i == self {
			continue
		}
		n := near{i, geo.ProfileDistance(level, p.profiles[self], p.profiles[i], p.catalogue)}
		if len(best) == limit && order(n, best[limit-1]) >= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(best, n, order)
		best = slices.Insert(best, at, n)
		best = best[:min(len(best), limit)]
	}
	out := Similar{Territory: p.territories[self], Similar: []SimilarTerritory{}}
	for _, n := range best {
		d, parts := geo.ExplainDistance(level, p.profiles[self], p.profiles[n.i], p.catalogue)
		out.Similar = append(out.Similar, SimilarTerritory{Territory: p.territories[n.i], Distance: d, Parts: parts})
	}
	return out, nil
}
