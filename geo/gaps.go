package geo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
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

// GapInput is one territory of the level being ranked: its population,
// its values, the number of partnerships of each domain with at least one
// actor located in it (a domain absent from the map has none), and the
// number of such partnerships whatever their domain, each counted once (the
// domain "all").
//
// Values is aligned with the catalogue given to RankGaps: Values[k] is the
// territory's value of catalogue[k]. A NaN or infinite value means the
// territory has none, and so does an index past the end of Values: a nil or
// short slice leaves the territory without the missing tail's values.
type GapInput struct {
	Code              string
	Population        float64
	Values            []float64
	Partnerships      DomainCounts
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
// user can see why it ranks where it does:
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
// domain. For a domain d and a territory t:
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
// too. A done ctx stops the ranking with ctx's error (every commune of
// France takes tens of milliseconds).
func RankGaps(ctx context.Context, catalogue []Indicator, domain Domain, in []GapInput) (GapRanking, error) {
	s, err := ScoreGaps(ctx, catalogue, domain, in)
	if err != nil {
		return GapRanking{}, err
	}
	return s.Ranking(), nil
}

// GapScores is RankGaps before its rows are written: every territory's
// percentile ranks, fragilities and gap, and the order of the rated ones.
// Writing the rows is half of a national ranking's time (every commune of
// France, all domains: some 27 of 55 ms, and 57 MB for their indicators
// and domains): Row writes one of them, the same as Ranking would, for a
// caller that needs one territory's only (a portrait). A GapScores is not
// changed by its methods, and keeps in (which it only reads).
type GapScores struct {
	Domain     Domain
	Domains    []Domain
	Indicators []string
	in         []GapInput
	used       []int  // catalogue positions, as in RankGaps
	worse      []bool // by used position
	n, nd      int
	// pct[u*n+i], covRank[j*n+i], count[i*nd+j], fragility[i*nd+j]: see
	// ScoreGaps.
	pct, covRank, fragility []float64
	count                   []int
	rated                   []gapKey
	rank                    []int // rank[r]: the 0-based rank of rated[r]
	unrated                 []GapUnrated
	// nIndicators and nDomains count the rows' indicators and domains.
	nIndicators, nDomains int
}

// ScoreGaps computes a GapScores: RankGaps's ranking, its rows not yet
// written. Its errors are RankGaps's.
func ScoreGaps(ctx context.Context, catalogue []Indicator, domain Domain, in []GapInput) (*GapScores, error) {
	doms, err := gapDomains(catalogue, domain)
	if err != nil {
		return nil, err
	}
	nd := len(doms)
	// domIndex[j] is doms[j]'s place in a DomainCounts (gapDomains keeps
	// known domains only).
	domIndex := make([]int, nd)
	for j, d := range doms {
		domIndex[j] = d.Index()
	}
	// used[u] is the catalogue position of the u-th indicator that calls for
	// a weighed domain; byDomain[j] lists, ascending, the u of those that
	// call for doms[j]
	var used []int
	byDomain := make([][]int, nd)
	seen := map[string]bool{}
	for c, ind := range catalogue {
		calls := false
		for j, d := range doms {
			if slices.Contains(ind.Domains, d) {
				byDomain[j] = append(byDomain[j], len(used))
				calls = true
			}
		}
		if !calls {
			continue
		}
		if seen[ind.ID] {
			return nil, fmt.Errorf("geo: indicator %q is twice in the catalogue", ind.ID)
		}
		seen[ind.ID] = true
		used = append(used, c)
	}
	if err := uniqueCodes(in); err != nil {
		return nil, err
	}
	out := &GapScores{Domain: domain, Domains: doms, Indicators: make([]string, len(used)), in: in, used: used,
		worse: make([]bool, len(used)), n: len(in), nd: nd}
	worse := out.worse
	for u, c := range used {
		out.Indicators[u], worse[u] = catalogue[c].ID, catalogue[c].HigherIsWorse
	}
	n, nu := len(in), len(used)
	if n == 0 {
		return out, nil
	}

	// The work is columnar: pct[u*n+i] is territory i's value of used[u],
	// NaN for none, then its percentile rank; covRank[j*n+i] its coverage in
	// doms[j], NaN for none, then its rank; count[i*nd+j] is its
	// partnerships in doms[j].
	pct := make([]float64, nu*n)
	covRank := make([]float64, nd*n)
	count := make([]int, n*nd)
	for i := range in {
		t := &in[i]
		for u, c := range used {
			v := math.NaN()
			if c < len(t.Values) && !math.IsInf(t.Values[c], 0) {
				v = t.Values[c]
			}
			pct[u*n+i] = v
		}
		counts := count[i*nd : (i+1)*nd]
		for j, k := range domIndex {
			counts[j] = t.Partnerships[k]
		}
		cov := covered(t)
		for j, m := range counts {
			covRank[j*n+i] = math.NaN()
			if cov {
				covRank[j*n+i] = per10k(m, t.Population)
			}
		}
	}
	scratch := new(rankScratch)
	column := make([]float64, n)
	for _, values := range [2][]float64{pct, covRank} {
		for at := 0; at < len(values); at += n {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			copy(column, values[at:at+n])
			scratch.percentileRanks(values[at:at+n], column)
		}
	}

	// Each territory's fragility in each domain (fragility[i*nd+j], NaN for
	// none), then its row's fragility and coverage rank, or why it is
	// unrated.
	fragility := make([]float64, n*nd)
	rated := make([]gapKey, 0, n)
	nIndicators, nDomains := 0, 0
	for i := range in {
		t := &in[i]
		parts, fsum, csum := 0, 0.0, 0.0
		for j, us := range byDomain {
			sum, m := 0.0, 0
			for _, u := range us {
				if p := pct[u*n+i]; !math.IsNaN(p) {
					sum += orient(p, worse[u])
					m++
				}
			}
			f := math.NaN()
			if m > 0 {
				f = sum / float64(m)
				fsum += f
				csum += covRank[j*n+i]
				parts++
			}
			fragility[i*nd+j] = f
		}
		if parts == 0 || !covered(t) {
			out.unrated = append(out.unrated, GapUnrated{Code: t.Code, NoFragility: parts == 0, NoCoverage: !covered(t)})
			continue
		}
		k := gapKey{fragility: fragility[i*nd], coverageRank: covRank[i], i: i}
		if domain == DomainAll {
			k.fragility, k.coverageRank = fsum/float64(parts), csum/float64(parts)
			nDomains += parts
		}
		k.gap = k.fragility - k.coverageRank
		rated = append(rated, k)
		for u := range used {
			if !math.IsNaN(pct[u*n+i]) {
				nIndicators++
			}
		}
	}
	slices.SortFunc(out.unrated, func(a, b GapUnrated) int { return cmp.Compare(a.Code, b.Code) })
	out.pct, out.covRank, out.fragility, out.count = pct, covRank, fragility, count
	out.rated, out.nIndicators, out.nDomains = rated, nIndicators, nDomains
	if len(rated) > 0 {
		out.rank = rowRanks(rated, in, scratch)
	}
	return out, nil
}

// Ranking writes every row: RankGaps's ranking.
func (s *GapScores) Ranking() GapRanking {
	out := GapRanking{Domain: s.Domain, Domains: s.Domains, Indicators: s.Indicators, Unrated: slices.Clone(s.unrated)}
	if len(s.rated) == 0 {
		return out
	}

	// The rows, in input order, each written at its rank, their Indicators
	// and Domains carved from one backing array each.
	out.Rows = make([]Gap, len(s.rated))
	indicators := make([]GapIndicator, s.nIndicators)
	var domains []GapDomain
	if s.Domain == DomainAll {
		domains = make([]GapDomain, s.nDomains)
	}
	for r := range s.rated {
		indicators, domains = s.writeRow(r, &out.Rows[s.rank[r]], indicators, domains)
	}
	return out
}

// Row is the row of the territory code as Ranking writes it, written
// alone; ok is false for a territory not rated (or not given).
func (s *GapScores) Row(code string) (row Gap, ok bool) {
	for r, k := range s.rated {
		if s.in[k.i].Code == code {
			var domains []GapDomain
			if s.Domain == DomainAll {
				domains = make([]GapDomain, s.nd)
			}
			s.writeRow(r, &row, make([]GapIndicator, len(s.used)), domains)
			return row, true
		}
	}
	return Gap{}, false
}

// writeRow writes the row of rated[r] into row, its Indicators and Domains
// carved from the fronts of indicators and domains, and returns what
// remains of those.
func (s *GapScores) writeRow(r int, row *Gap, indicators []GapIndicator, domains []GapDomain) ([]GapIndicator, []GapDomain) {
	k := s.rated[r]
	n, nd := s.n, s.nd
	i, t := k.i, &s.in[k.i]
	row.Rank, row.Code, row.Population = s.rank[r]+1, t.Code, t.Population
	row.Fragility, row.CoverageRank, row.Gap = k.fragility, k.coverageRank, k.gap
	m := 0
	for u, c := range s.used {
		if p := s.pct[u*n+i]; !math.IsNaN(p) {
			ind := &indicators[m]
			ind.ID, ind.Value, ind.Percentile, ind.Oriented = s.Indicators[u], t.Values[c], p, orient(p, s.worse[u])
			m++
		}
	}
	row.Indicators, indicators = indicators[:m:m], indicators[m:]
	if s.Domain == DomainAll {
		m := 0
		for j, d := range s.Domains {
			if f := s.fragility[i*nd+j]; !math.IsNaN(f) {
				part, cr := &domains[m], s.covRank[j*n+i]
				part.Domain, part.Partnerships, part.Fragility = d, s.count[i*nd+j], f
				part.Coverage, part.CoverageRank, part.Gap = per10k(s.count[i*nd+j], t.Population), cr, f-cr
				m++
			}
		}
		row.Domains, domains = domains[:m:m], domains[m:]
		row.Partnerships = t.PartnershipsTotal
	} else {
		row.Partnerships = s.count[i*nd]
	}
	row.Coverage = per10k(row.Partnerships, t.Population)
	row.FragilityClass, row.CoverageClass = Tercile(row.Fragility), Tercile(row.CoverageRank)
	row.Class = gapClasses[row.FragilityClass][row.CoverageClass]
	return indicators, domains
}

// gapKey is a rated territory, in[i], and what it is ranked by.
type gapKey struct {
	gap, fragility, coverageRank float64
	i                            int
}

// compareGaps orders rated territories as the ranking does: by gap
// descending, then fragility descending, then code ascending.
func compareGaps(a, b *gapKey, in []GapInput) int {
	switch {
	case a.gap > b.gap:
		return -1
	case a.gap < b.gap:
		return 1
	case a.fragility > b.fragility:
		return -1
	case a.fragility < b.fragility:
		return 1
	}
	return cmp.Compare(in[a.i].Code, in[b.i].Code)
}

// rowRanks returns the 0-based rank of each rated territory (compareGaps).
// It sorts words holding the top half of the gap's orderedKey, inverted,
// above the territory's position in rated (sortTop32), then the runs that
// share that half with compareGaps.
func rowRanks(rated []gapKey, in []GapInput, s *rankScratch) []int {
	if len(rated) > maxRadix {
		return rowRanksBySort(rated, in)
	}
	words := make([]uint64, len(rated))
	for r, k := range rated {
		words[r] = ^orderedKey(k.gap)&^(1<<32-1) | uint64(r)
	}
	words, s.spare = s.sortTop32(words)
	for lo := 0; lo < len(words); {
		hi := lo + 1
		for hi < len(words) && words[hi]>>32 == words[lo]>>32 {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(words[lo:hi], func(a, b uint64) int {
				return compareGaps(&rated[uint32(a)], &rated[uint32(b)], in)
			})
		}
		lo = hi
	}
	rank := make([]int, len(rated))
	for pos, w := range words {
		rank[uint32(w)] = pos
	}
	return rank
}

// rowRanksBySort is rowRanks by a comparison sort, for more rated
// territories than sortTop32 can take.
func rowRanksBySort(rated []gapKey, in []GapInput) []int {
	order := make([]int, len(rated))
	for r := range order {
		order[r] = r
	}
	slices.SortFunc(order, func(a, b int) int { return compareGaps(&rated[a], &rated[b], in) })
	rank := make([]int, len(rated))
	for pos, r := range order {
		rank[r] = pos
	}
	return rank
}

// uniqueCodes returns an error for a territory code given twice. Codes in
// strictly ascending order, as the stores list them, need no look-up.
func uniqueCodes(in []GapInput) error {
	ascending := true
	for i := 1; i < len(in) && ascending; i++ {
		ascending = in[i-1].Code < in[i].Code
	}
	if ascending {
		return nil
	}
	seen := make(map[string]struct{}, len(in))
	for _, t := range in {
		if _, ok := seen[t.Code]; ok {
			return fmt.Errorf("geo: territory %q is given twice", t.Code)
		}
		seen[t.Code] = struct{}{}
	}
	return nil
}

// covered reports whether a territory has a coverage: a positive, finite
// population.
func covered(t *GapInput) bool { return t.Population > 0 && !math.IsInf(t.Population, 1) }

// gapClasses[f][c] is the bivariate class of the terciles f and c, "f-c".
var gapClasses = [4][4]string{
	{"0-0", "0-1", "0-2", "0-3"},
	{"1-0", "1-1", "1-2", "1-3"},
	{"2-0", "2-1", "2-2", "2-3"},
	{"3-0", "3-1", "3-2", "3-3"},
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
