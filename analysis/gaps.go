package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"golang.org/x/sync/errgroup"
)

// gapReaders bounds the indicator reads RankGaps runs at once: enough to
// overlap PostgreSQL's work with decoding, few enough to leave connections
// to other requests.
const gapReaders = 4

// GapReport is a gap ranking (geo.RankGaps) with what a reader needs
// beside it: the names of the ranked territories and the catalogue entries
// of the indicators used.
type GapReport struct {
	geo.GapRanking
	Level      geo.Level
	Within     *data.TerritoryRef
	Names      map[string]string
	Indicators []geo.Indicator
}

// RankGaps ranks the territories of level by their partnership gap in
// domain (a geo.Domain or geo.DomainAll), from what the store serves: the
// catalogue, each indicator's values at level for its own year (indicators
// whose finest level is wider than level are left out) and Coverage. The
// percentile ranks are always taken among all the territories of the level
// in France, so a territory's gap and rank do not depend on the view;
// within only keeps the rows (and unrated territories) inside it. during,
// when set, counts only the partnerships active at some instant of it
// (the ranking of the mesh as it was then, against today's indicators).
//
// A bad level or within is a *FilterError (CheckCoverage), an unknown
// domain or one no indicator calls for a *FilterError naming "domain", an
// unknown within territory wraps ErrNotFound.
func (a *Analyst) RankGaps(ctx context.Context, level geo.Level, domain geo.Domain, within *data.TerritoryRef, during *data.Interval) (GapReport, error) {
	v, err := a.version(ctx)
	if err != nil {
		return GapReport{}, err
	}
	args := string(level) + "/" + string(domain)
	if within != nil {
		args += "/" + string(within.Level) + "/" + within.Code
	}
	if during != nil {
		args += "/during=" + during.Start.String() + "/" + during.End.String()
	}
	return get(ctx, a.cache, cacheKey{v, "gaps", args}, func(ctx context.Context) (GapReport, int, error) {
		r, err := a.rankGaps(ctx, level, domain, within, during)
		return r, r.bytes(), err
	})
}

// bytes estimates the memory a report holds, for the cache's bound.
func (r GapReport) bytes() int {
	n := 256 + 64*len(r.Names) + 64*len(r.Unrated)
	for _, g := range r.Rows {
		n += 160 + 96*len(g.Domains)
	}
	return n
}

// rankGaps computes RankGaps: the level's scores (gapScores), every row
// written, the rows outside within left out.
func (a *Analyst) rankGaps(ctx context.Context, level geo.Level, domain geo.Domain, within *data.TerritoryRef, during *data.Interval) (GapReport, error) {
	if err := data.CheckCoverage(level, within); err != nil {
		return GapReport{}, err
	}
	var scored gapScored
	var keep map[string]bool
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		scored, err = a.gapScores(gctx, level, domain, during)
		return err
	})
	if within != nil {
		g.Go(func() error {
			// Only the territories inside within are read from it: today's
			// counts, which the summaries keep, spare a second grouping of
			// the rows for another during.
			inside, err := a.store.Coverage(gctx, level, within, data.Today(gctx))
			if err != nil {
				return err
			}
			keep = make(map[string]bool, len(inside))
			for _, c := range inside {
				keep[c.Code] = true
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return GapReport{}, err
	}
	ranking := scored.scores.Ranking()
	names := scored.names // shared with the scores kept: read only
	if keep != nil {
		ranking.Rows = slices.DeleteFunc(ranking.Rows, func(g geo.Gap) bool { return !keep[g.Code] })
		ranking.Unrated = slices.DeleteFunc(ranking.Unrated, func(u geo.GapUnrated) bool { return !keep[u.Code] })
		names = make(map[string]string, len(keep))
		for code := range keep {
			if name, ok := scored.names[code]; ok {
				names[code] = name
			}
		}
	}
	return GapReport{GapRanking: ranking, Level: level, Within: within, Names: names, Indicators: scored.used}, nil
}

// gapScored is the ranking of every territory of a level before its rows
// are written (geo.GapScores), with the territories' names and the
// indicators used.
type gapScored struct {
	scores *geo.GapScores
	names  map[string]string
	used   []geo.Indicator
}

// gapScores scores the territories of level, all of them, for domain and
// during, once per data version: RankGaps writes every row from them (half
// a national ranking's time), a portrait the row of its territory only
// (portraitGapsOf).
func (a *Analyst) gapScores(ctx context.Context, level geo.Level, domain geo.Domain, during *data.Interval) (gapScored, error) {
	v, err := a.version(ctx)
	if err != nil {
		return gapScored{}, err
	}
	args := string(level) + "/" + string(domain)
	if during != nil {
		args += "/during=" + during.Start.String() + "/" + during.End.String()
	}
	return get(ctx, a.cache, cacheKey{v, "gapscores", args}, func(ctx context.Context) (gapScored, int, error) {
		sc, err := a.scoreGaps(ctx, level, domain, during)
		// The scores' columns, the territories' inputs and names.
		n := len(sc.names)
		return sc, n * (8*(len(sc.used)+4*len(geo.Domains)) + 256), err
	})
}

// scoreGaps computes gapScores.
func (a *Analyst) scoreGaps(ctx context.Context, level geo.Level, domain geo.Domain, during *data.Interval) (gapScored, error) {
	s := a.store
	if err := data.CheckCoverage(level, nil); err != nil {
		return gapScored{}, err
	}
	catalogue, err := s.Indicators(ctx)
	if err != nil {
		return gapScored{}, err
	}
	var usable []geo.Indicator
	for _, ind := range catalogue {
		if data.CheckIndicatorLevel(ind, level) == nil {
			usable = append(usable, ind)
		}
	}
	// An empty ranking checks the domain and names the domains it weighs
	// before any value is read.
	probe, err := geo.RankGaps(ctx, usable, domain, nil)
	if err != nil {
		return gapScored{}, gapDomainError(domain, err)
	}
	var used []geo.Indicator
	for _, ind := range usable {
		if slices.ContainsFunc(ind.Domains, func(d geo.Domain) bool { return slices.Contains(probe.Domains, d) }) {
			used = append(used, ind)
		}
	}
	// The coverage and the indicators are read concurrently (a dozen
	// round trips for "all" on PostGIS), each into its own slot.
	var coverage []data.TerritoryCoverage
	byIndicator := make([]map[string]float64, len(used))
	aligned, err := a.alignedValues(ctx, level, used)
	if err != nil {
		return gapScored{}, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(gapReaders)
	g.Go(func() (err error) {
		coverage, err = s.Coverage(gctx, level, nil, during)
		return err
	})
	for k, ind := range used {
		g.Go(func() (err error) {
			byIndicator[k], err = a.IndicatorValues(gctx, ind.ID, level, 0)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return gapScored{}, err
	}
	in := make([]geo.GapInput, len(coverage))
	names := make(map[string]string, len(coverage))
	for i, c := range coverage {
		in[i] = geo.GapInput{Code: c.Code, Population: float64(c.Population),
			Partnerships: c.ByDomain, PartnershipsTotal: c.Partnerships}
		names[c.Code] = c.Name
	}
	// in[i].Values[k] is territory i's value of used[k], NaN for none
	// (geo.GapInput): one backing array, a row of len(used) per territory.
	// It was aligned with the territories of the last ranking at this level
	// under the same indicators: the territories seldom change when the
	// partnerships do, and the 400 000 look-ups by code took 28 ms of a
	// national ranking's 180. Otherwise it is aligned now.
	values, ok := aligned.rowsOf(in)
	if !ok {
		values = alignValues(in, byIndicator)
		aligned.store(in, values)
	}
	for i := range in {
		in[i].Values = values[i*len(used) : (i+1)*len(used) : (i+1)*len(used)]
	}
	scores, err := geo.ScoreGaps(ctx, used, domain, in)
	if err != nil {
		return gapScored{}, gapDomainError(domain, err)
	}
	return gapScored{scores: scores, names: names, used: used}, nil
}

// gapDomainError turns geo.RankGaps's domain errors into a *FilterError
// naming "domain".
func gapDomainError(domain geo.Domain, err error) error {
	switch {
	case errors.Is(err, geo.ErrUnknownDomain):
		return &data.FilterError{Property: "domain", Problem: fmt.Sprintf("=%q is not a partnership domain nor %q", domain, geo.DomainAll)}
	case errors.Is(err, geo.ErrNoIndicator):
		return &data.FilterError{Property: "domain", Problem: fmt.Sprintf("=%q: no indicator available at this level calls for it", domain)}
	}
	return err
}

// gapValues holds the indicator values of one level, aligned with a list
// of territory codes (row i, territory codes[i]: one value per indicator
// used, NaN for none), as the last gap ranking at that level laid them out.
// geo.RankGaps only reads them, so rankings share the rows.
type gapValues struct {
	mu     sync.Mutex
	codes  []string
	values []float64
}

// alignedValues is the level's gapValues for the indicators used, kept per
// indicators' version: they hold no partnership count, so a write of
// actors or partnerships leaves them valid.
func (a *Analyst) alignedValues(ctx context.Context, level geo.Level, used []geo.Indicator) (*gapValues, error) {
	v, err := a.indicatorsVersion(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(used))
	for k, ind := range used {
		ids[k] = ind.ID
	}
	k := cacheKey{v, "gapvalues", string(level) + "/" + strings.Join(ids, ",")}
	return get(ctx, a.cache, k, func(context.Context) (*gapValues, int, error) {
		// 36 000 codes and a dozen values each at commune level.
		return &gapValues{}, 40_000 * (16 + 8*len(used)), nil
	})
}

// rowsOf returns the held rows when they are those of in's territories,
// in order.
func (g *gapValues) rowsOf(in []geo.GapInput) ([]float64, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.codes) != len(in) {
		return nil, false
	}
	for i := range in {
		if g.codes[i] != in[i].Code {
			return nil, false
		}
	}
	return g.values, true
}

// store keeps values as the rows of in's territories.
func (g *gapValues) store(in []geo.GapInput, values []float64) {
	codes := make([]string, len(in))
	for i := range in {
		codes[i] = in[i].Code
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.codes, g.values = codes, values
}

// alignValues lays the values of byIndicator (one map by code per
// indicator) out in rows, one per territory of in, NaN for none.
func alignValues(in []geo.GapInput, byIndicator []map[string]float64) []float64 {
	nu := len(byIndicator)
	values := make([]float64, len(in)*nu)
	for i := range in {
		row := values[i*nu : (i+1)*nu]
		for k, byCode := range byIndicator {
			v, ok := byCode[in[i].Code]
			if !ok {
				v = math.NaN()
			}
			row[k] = v
		}
	}
	return values
}
