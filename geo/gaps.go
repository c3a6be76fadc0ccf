package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// DomainAll asks RankGaps for every domain at once, with equal weights. It
// is not a partnership domain: Domain.Valid rejects it.
const DomainAll Domain = "all"

// The errors RankGaps returns for a domain it cannot score, to be told
// apart with errors.Is.
var (
	ErrUnknownDomain = errors.New("geo: unknown domain")
	ErrNoIndicator   = errors.New("geo: no indicator of the catalogue calls for the domain")
)

// GapInput is one territory of the level being ranked: its population, its
// value for each indicator id (an indicator it has no value for is absent
// from Values; a NaN or infinite value counts as absent), the number of
// partnerships of each domain with at least one actor located in it (a
// domain absent from the map has none), and the number of such partnerships
// whatever their domain, each counted once (the domain "all").
type GapInput struct {
	Code              string
	Population        float64
	Values            map[string]float64
	Partnerships      map[Domain]int
	PartnershipsTotal int
}

// GapIndicator is one indicator's part in a territory's fragility: the
// territory's value, its percentile rank among the territories of the input
// that have a value (PercentileRanks), and that rank oriented so that 1 is
// the most fragile (1 − Percentile when a higher value is better).
type GapIndicator struct {
	ID         string
	Value      float64
	Percentile float64
	Oriented   float64
}

// GapDomain is one domain's components in a DomainAll ranking: the
// territory's fragility, partnerships, coverage and coverage rank in that
// domain, and their gap.
type GapDomain struct {
	Domain       Domain
	Partnerships int
	Fragility    float64
	Coverage     float64
	CoverageRank float64
	Gap          float64
}

// Gap is one ranked territory with every component of its score, so that a
// user can see why it ranks where it does (DESIGN §3):
//
//   - Fragility is the mean of the Oriented percentiles of Indicators, in
//     0..1, 1 the most fragile;
//   - Coverage is Partnerships × 10 000 / Population;
//   - CoverageRank is the percentile rank of Coverage among the territories
//     that have one;
//   - Gap = Fragility − CoverageRank, in −1..1: large when a territory is
//     fragile and under-partnered;
//   - FragilityClass and CoverageClass are the Terciles (1..3) of Fragility
//     and CoverageRank, and Class writes them "fragility-coverage" ("3-1":
//     among the most fragile, among the least covered), the 3×3 bivariate
//     class of the map.
//
// Rank is the 1-based position in the ranking. For DomainAll, Partnerships
// and Coverage count every partnership once, Fragility and CoverageRank are
// means over Domains (see RankGaps), and Indicators lists each indicator
// once.
type Gap struct {
	Rank           int
	Code           string
	Population     float64
	Partnerships   int
	Fragility      float64
	Coverage       float64
	CoverageRank   float64
	Gap            float64
	FragilityClass int
	CoverageClass  int
	Class          string
	Indicators     []GapIndicator
	Domains        []GapDomain
}

// GapUnrated is a territory left out of the ranking, and why: no value for
// any indicator the domain calls for (NoFragility), or no positive
// population to divide its partnerships by (NoCoverage).
type GapUnrated struct {
	Code        string
	NoFragility bool
	NoCoverage  bool
}

// GapRanking is the result of RankGaps: the domain asked for, the domains
// weighed (the domain itself, or for DomainAll every domain some indicator
// calls for, in the order of Domains), the ids of the indicators used (in
// catalogue order), the ranked territories and, in code order, those that
// could not be rated.
type GapRanking struct {
	Domain     Domain
	Domains    []Domain
	Indicators []string
	Rows       []Gap
	Unrated    []GapUnrated
}

// RankGaps ranks the territories of one level by their partnership gap in a
// domain (DESIGN §3). For a domain d and a territory t:
//
//   - fragility(t, d) is the mean, over the catalogue's indicators whose
//     Domains include d and for which t has a value, of the indicator's
//     percentile rank (PercentileRanks) among the territories of in that
//     have a value, oriented so that 1 is the most fragile (1 − rank when
//     the indicator is not HigherIsWorse); t has no fragility in d when it
//     has no such value;
//   - coverage(t, d) = Partnerships[d] × 10 000 / Population; t has no
//     coverage when its population is not positive;
//   - the coverage rank is the percentile rank of coverage(t, d) among the
//     territories of in that have a coverage;
//   - gap(t, d) = fragility − coverage rank, in −1..1, and the bivariate
//     class is the Tercile of each.
//
// For DomainAll every domain some indicator calls for weighs the same: over
// the domains D(t) of those in which t has a fragility, the fragility is the
// mean of the per-domain fragilities and the coverage rank the mean of the
// per-domain coverage ranks, so that the gap is the mean of the per-domain
// gaps and a domain t has no indicator value for counts on neither side. The
// coverage shown is PartnershipsTotal × 10 000 / Population (a partnership
// of two domains' actors is counted once); the terciles cut the two means.
// Each row lists its per-domain components in Domains.
//
// Territories without a fragility or without a coverage are not ranked: they
// come back in Unrated. Rows come by gap descending, then fragility
// descending, then code ascending (bytewise), ranked from 1.
//
// The error wraps ErrUnknownDomain for a domain that is neither a Domain nor
// DomainAll, ErrNoIndicator for a domain no indicator of the catalogue calls
// for; a catalogue indicator id or a territory code given twice is an error
// too.
func RankGaps(catalogue []Indicator, domain Domain, in []GapInput) (GapRanking, error) {
	doms, err := gapDomains(catalogue, domain)
	if err != nil {
		return GapRanking{}, err
	}
	// the indicators that call for a weighed domain, and which they call for
	var used []Indicator
	seen := map[string]bool{}
	for _, ind := range catalogue {
		if !slices.ContainsFunc(ind.Domains, func(d Domain) bool { return slices.Contains(doms, d) }) {
			continue
		}
		if seen[ind.ID] {
			return GapRanking{}, fmt.Errorf("geo: indicator %q is twice in the catalogue", ind.ID)
		}
		seen[ind.ID] = true
		used = append(used, ind)
	}
	codes := make(map[string]bool, len(in))
	for _, t := range in {
		if codes[t.Code] {
			return GapRanking{}, fmt.Errorf("geo: territory %q is given twice", t.Code)
		}
		codes[t.Code] = true
	}

	// oriented[k][i]: indicator k's oriented percentile for territory i
	n := len(in)
	pct := make([][]float64, len(used))
	values := make([]float64, n)
	for k, ind := range used {
		for i, t := range in {
			v, ok := t.Values[ind.ID]
			if !ok || math.IsInf(v, 0) {
				v = math.NaN()
			}
			values[i] = v
		}
		pct[k] = PercentileRanks(values)
	}
	// covRank[j][i]: territory i's coverage rank in domain doms[j]
	covered := func(t GapInput) bool { return t.Population > 0 && !math.IsInf(t.Population, 1) }
	coverage := make([][]float64, len(doms))
	covRank := make([][]float64, len(doms))
	for j, d := range doms {
		coverage[j] = make([]float64, n)
		for i, t := range in {
			coverage[j][i] = math.NaN()
			if covered(t) {
				coverage[j][i] = per10k(t.Partnerships[d], t.Population)
			}
		}
		covRank[j] = PercentileRanks(coverage[j])
	}

	out := GapRanking{Domain: domain, Domains: doms}
	for _, ind := range used {
		out.Indicators = append(out.Indicators, ind.ID)
	}
	for i, t := range in {
		row := Gap{Code: t.Code, Population: t.Population}
		for k, ind := range used {
			if p := pct[k][i]; !math.IsNaN(p) {
				row.Indicators = append(row.Indicators, GapIndicator{ID: ind.ID, Value: t.Values[ind.ID],
					Percentile: p, Oriented: orient(p, ind.HigherIsWorse)})
			}
		}
		var parts []GapDomain
		for j, d := range doms {
			sum, m := 0.0, 0
			for k, ind := range used {
				if p := pct[k][i]; !math.IsNaN(p) && slices.Contains(ind.Domains, d) {
					sum += orient(p, ind.HigherIsWorse)
					m++
				}
			}
			if m > 0 {
				parts = append(parts, GapDomain{Domain: d, Partnerships: t.Partnerships[d], Fragility: sum / float64(m),
					Coverage: coverage[j][i], CoverageRank: covRank[j][i]})
			}
		}
		if len(parts) == 0 || !covered(t) {
			out.Unrated = append(out.Unrated, GapUnrated{Code: t.Code, NoFragility: len(parts) == 0, NoCoverage: !covered(t)})
			continue
		}
		for p := range parts {
			parts[p].Gap = parts[p].Fragility - parts[p].CoverageRank
		}
		if domain == DomainAll {
			for _, p := range parts {
				row.Fragility += p.Fragility
				row.CoverageRank += p.CoverageRank
			}
			row.Fragility /= float64(len(parts))
			row.CoverageRank /= float64(len(parts))
			row.Partnerships = t.PartnershipsTotal
			row.Coverage = per10k(t.PartnershipsTotal, t.Population)
			row.Domains = parts
		} else {
			p := parts[0]
			row.Fragility, row.CoverageRank, row.Partnerships, row.Coverage = p.Fragility, p.CoverageRank, p.Partnerships, p.Coverage
		}
		row.Gap = row.Fragility - row.CoverageRank
		row.FragilityClass, row.CoverageClass = Tercile(row.Fragility), Tercile(row.CoverageRank)
		row.Class = strconv.Itoa(row.FragilityClass) + "-" + strconv.Itoa(row.CoverageClass)
		out.Rows = append(out.Rows, row)
	}
	slices.SortFunc(out.Rows, func(a, b Gap) int {
		if c := cmp.Compare(b.Gap, a.Gap); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Fragility, a.Fragility); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	for r := range out.Rows {
		out.Rows[r].Rank = r + 1
	}
	slices.SortFunc(out.Unrated, func(a, b GapUnrated) int { return cmp.Compare(a.Code, b.Code) })
	return out, nil
}

// gapDomains returns the domains a gap ranking weighs: d itself, or every
// domain some indicator calls for when d is DomainAll.
func gapDomains(catalogue []Indicator, d Domain) ([]Domain, error) {
	if d != DomainAll && !d.Valid() {
		return nil, fmt.Errorf("%w %q", ErrUnknownDomain, d)
	}
	var doms []Domain
	for _, x := range Domains {
		if (d == DomainAll || x == d) && slices.ContainsFunc(catalogue, func(ind Indicator) bool {
			return slices.Contains(ind.Domains, x)
		}) {
			doms = append(doms, x)
		}
	}
	if len(doms) == 0 {
		return nil, fmt.Errorf("%w %q", ErrNoIndicator, d)
	}
	return doms, nil
}

// orient turns a percentile rank into a fragility: 1 is the most fragile.
func orient(rank float64, higherIsWorse bool) float64 {
	if higherIsWorse {
		return rank
	}
	return 1 - rank
}

func per10k(count int, population float64) float64 {
	return float64(count) * 10000 / population
}
