package geo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// gapCatalogue: A (higher is worse) and B (higher is better) call for
// insertion; B also for education; C for solidarity. Nothing calls for
// culture.
var gapCatalogue = []Indicator{
	{ID: "A", HigherIsWorse: true, Domains: []Domain{DomainInsertionEmploi}},
	{ID: "B", HigherIsWorse: false, Domains: []Domain{DomainInsertionEmploi, DomainEducationJeunesse}},
	{ID: "C", HigherIsWorse: true, Domains: []Domain{DomainSolidarite}},
}

// gapTerritories, with the hand computation of the tests below:
//
//	A: T6 5, T1 10, T2 20, T3 20, T4 30      → ranks 0, .25, .625, .625, 1
//	B: T4 10, T1 50, T2 50, T3 70            → ranks 0, .5, .5, 1; oriented 1, .5, .5, 0
//	C: T3 1, T1 5                            → ranks 0, 1
//
// T4 has no population (no coverage), T5 no indicator value (a NaN, an
// infinity and a value past the catalogue's end), T6 a short Values.
var gapTerritories = []GapInput{
	{Code: "T1", Population: 1000, Values: gapValues(gapCatalogue, map[string]float64{"A": 10, "B": 50, "C": 5}),
		Partnerships: CountsByDomain(map[Domain]int{DomainSolidarite: 1}), PartnershipsTotal: 1},
	{Code: "T2", Population: 2000, Values: gapValues(gapCatalogue, map[string]float64{"A": 20, "B": 50}),
		Partnerships: CountsByDomain(map[Domain]int{DomainInsertionEmploi: 2}), PartnershipsTotal: 2},
	{Code: "T3", Population: 1000, Values: gapValues(gapCatalogue, map[string]float64{"A": 20, "B": 70, "C": 1}),
		Partnerships: CountsByDomain(map[Domain]int{DomainInsertionEmploi: 1, DomainSolidarite: 2}), PartnershipsTotal: 3},
	{Code: "T4", Population: 0, Values: gapValues(gapCatalogue, map[string]float64{"A": 30, "B": 10}),
		Partnerships: CountsByDomain(map[Domain]int{}), PartnershipsTotal: 0},
	{Code: "T5", Population: 500, Values: []float64{math.NaN(), math.NaN(), math.Inf(1), 1},
		Partnerships: CountsByDomain(map[Domain]int{DomainInsertionEmploi: 1}), PartnershipsTotal: 1},
	{Code: "T6", Population: 400, Values: []float64{5}},
}

// gapValues aligns a territory's values by indicator id with cat, for
// GapInput.Values: NaN for an indicator absent from values.
func gapValues(cat []Indicator, values map[string]float64) []float64 {
	aligned := make([]float64, len(cat))
	for k, ind := range cat {
		v, ok := values[ind.ID]
		if !ok {
			v = math.NaN()
		}
		aligned[k] = v
	}
	return aligned
}

type gapWant struct {
	code                      string
	fragility, coverage, rank float64
	class                     string
	indicators                []string
}

func TestRankGapsHandComputed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		domain     Domain
		domains    []Domain
		indicators []string
		rows       []gapWant
		unrated    []GapUnrated
	}{
		{
			// fragility: T1 (.25+.5)/2, T2 (.625+.5)/2, T3 (.625+0)/2, T6 0
			// coverage: T1 0, T2 10, T3 10, T5 20, T6 0 → ranks .125, .625, .625, 1, .125
			name: "insertion", domain: DomainInsertionEmploi,
			domains: []Domain{DomainInsertionEmploi}, indicators: []string{"A", "B"},
			rows: []gapWant{
				{"T1", 0.375, 0, 0.125, "2-1", []string{"A", "B"}},
				{"T2", 0.5625, 10, 0.625, "2-2", []string{"A", "B"}},
				{"T6", 0, 0, 0.125, "1-1", []string{"A"}},
				{"T3", 0.3125, 10, 0.625, "1-2", []string{"A", "B"}},
			},
			unrated: []GapUnrated{{Code: "T4", NoCoverage: true}, {Code: "T5", NoFragility: true}},
		},
		{
			// coverage: T1 10, T2 0, T3 20, T5 0, T6 0 → ranks .75, .25, 1, .25, .25
			name: "solidarity", domain: DomainSolidarite,
			domains: []Domain{DomainSolidarite}, indicators: []string{"C"},
			rows: []gapWant{
				{"T1", 1, 10, 0.75, "3-3", []string{"C"}},
				{"T3", 0, 20, 1, "1-3", []string{"C"}},
			},
			unrated: []GapUnrated{{Code: "T2", NoFragility: true}, {Code: "T4", NoFragility: true, NoCoverage: true},
				{Code: "T5", NoFragility: true}, {Code: "T6", NoFragility: true}},
		},
		{
			// no partnership in education: every coverage ties at rank .5
			name: "education", domain: DomainEducationJeunesse,
			domains: []Domain{DomainEducationJeunesse}, indicators: []string{"B"},
			rows: []gapWant{
				{"T1", 0.5, 0, 0.5, "2-2", []string{"B"}},
				{"T2", 0.5, 0, 0.5, "2-2", []string{"B"}},
				{"T3", 0, 0, 0.5, "1-2", []string{"B"}},
			},
			unrated: []GapUnrated{{Code: "T4", NoCoverage: true}, {Code: "T5", NoFragility: true},
				{Code: "T6", NoFragility: true}},
		},
		{
			// means over the domains each territory has a fragility in:
			// T1 (.375+.5+1)/3 vs (.125+.5+.75)/3; T2 (.5625+.5)/2 vs (.625+.5)/2;
			// T3 (.3125+0+0)/3 vs (.625+.5+1)/3; T6 0 vs .125 (insertion only)
			name: "all", domain: DomainAll,
			domains:    []Domain{DomainInsertionEmploi, DomainEducationJeunesse, DomainSolidarite},
			indicators: []string{"A", "B", "C"},
			rows: []gapWant{
				{"T1", 1.875 / 3, 10, 1.375 / 3, "2-2", []string{"A", "B", "C"}},
				{"T2", 1.0625 / 2, 10, 1.125 / 2, "2-2", []string{"A", "B"}},
				{"T6", 0, 0, 0.125, "1-1", []string{"A"}},
				{"T3", 0.3125 / 3, 30, 2.125 / 3, "1-3", []string{"A", "B", "C"}},
			},
			unrated: []GapUnrated{{Code: "T4", NoCoverage: true}, {Code: "T5", NoFragility: true}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := RankGaps(context.Background(), gapCatalogue, c.domain, gapTerritories)
			if err != nil {
				t.Fatal(err)
			}
			if got.Domain != c.domain || !slices.Equal(got.Domains, c.domains) || !slices.Equal(got.Indicators, c.indicators) {
				t.Errorf("header: %v %v %v", got.Domain, got.Domains, got.Indicators)
			}
			if len(got.Rows) != len(c.rows) {
				t.Fatalf("got %d rows, want %d: %+v", len(got.Rows), len(c.rows), got.Rows)
			}
			for i, w := range c.rows {
				r := got.Rows[i]
				var ids []string
				for _, ind := range r.Indicators {
					ids = append(ids, ind.ID)
				}
				if r.Rank != i+1 || r.Code != w.code || !sameFloat(r.Fragility, w.fragility) ||
					!sameFloat(r.Coverage, w.coverage) || !sameFloat(r.CoverageRank, w.rank) ||
					!sameFloat(r.Gap, w.fragility-w.rank) || r.Class != w.class || !slices.Equal(ids, w.indicators) {
					t.Errorf("row %d: got %+v, want %+v", i+1, r, w)
				}
			}
			if !slices.Equal(got.Unrated, c.unrated) {
				t.Errorf("unrated: got %+v, want %+v", got.Unrated, c.unrated)
			}
		})
	}
}

// TestRankGapsComponents checks what a row shows besides its score: each
// indicator's value, raw and oriented percentile, and, for "all", the
// per-domain parts.
func TestRankGapsComponents(t *testing.T) {
	t.Parallel()
	got, err := RankGaps(context.Background(), gapCatalogue, DomainAll, gapTerritories)
	if err != nil {
		t.Fatal(err)
	}
	t1 := got.Rows[0]
	wantInd := []GapIndicator{{"A", 10, 0.25, 0.25}, {"B", 50, 0.5, 0.5}, {"C", 5, 1, 1}}
	if !slices.Equal(t1.Indicators, wantInd) {
		t.Errorf("T1 indicators: got %+v, want %+v", t1.Indicators, wantInd)
	}
	wantDom := []GapDomain{
		{DomainInsertionEmploi, 0, 0.375, 0, 0.125, 0.25},
		{DomainEducationJeunesse, 0, 0.5, 0, 0.5, 0},
		{DomainSolidarite, 1, 1, 10, 0.75, 0.25},
	}
	if !slices.Equal(t1.Domains, wantDom) {
		t.Errorf("T1 domains: got %+v, want %+v", t1.Domains, wantDom)
	}
	if t1.Partnerships != 1 || t1.Population != 1000 || t1.FragilityClass != 2 || t1.CoverageClass != 2 {
		t.Errorf("T1: %+v", t1)
	}
	t3 := got.Rows[3]
	if t3.Code != "T3" || t3.Indicators[1] != (GapIndicator{"B", 70, 1, 0}) {
		t.Errorf("a higher-is-better indicator at the top ranks least fragile: %+v", t3.Indicators)
	}
	one, err := RankGaps(context.Background(), gapCatalogue, DomainInsertionEmploi, gapTerritories)
	if err != nil {
		t.Fatal(err)
	}
	if one.Rows[0].Domains != nil {
		t.Errorf("a one-domain row lists domains: %+v", one.Rows[0].Domains)
	}
}

func TestRankGapsTieBreaks(t *testing.T) {
	t.Parallel()
	cat := []Indicator{{ID: "X", HigherIsWorse: true, Domains: []Domain{DomainSante}}}
	cases := []struct {
		name string
		in   []GapInput
		want []string
	}{
		{
			// gaps X 1−.5, Y .5−0, Z 0−1: X and Y tie at .5, X is more fragile
			name: "fragility breaks a gap tie",
			in: []GapInput{
				{Code: "Y", Population: 1e4, Values: []float64{2}},
				{Code: "Z", Population: 1e4, Values: []float64{1}, Partnerships: CountsByDomain(map[Domain]int{DomainSante: 2})},
				{Code: "X", Population: 1e4, Values: []float64{3}, Partnerships: CountsByDomain(map[Domain]int{DomainSante: 1})},
			},
			want: []string{"X", "Y", "Z"},
		},
		{
			name: "code breaks a full tie, bytewise",
			in: []GapInput{
				{Code: "b", Population: 1, Values: []float64{1}},
				{Code: "a", Population: 1, Values: []float64{1}},
				{Code: "B", Population: 1, Values: []float64{1}},
				{Code: "2A", Population: 1, Values: []float64{1}},
				{Code: "10", Population: 1, Values: []float64{1}},
			},
			want: []string{"10", "2A", "B", "a", "b"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := RankGaps(context.Background(), cat, DomainSante, c.in)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, r := range got.Rows {
				codes = append(codes, r.Code)
			}
			if !slices.Equal(codes, c.want) {
				t.Errorf("got %v, want %v", codes, c.want)
			}
		})
	}
}

func TestRankGapsErrors(t *testing.T) {
	t.Parallel()
	ok := []GapInput{{Code: "1", Population: 1}}
	cases := []struct {
		name   string
		cat    []Indicator
		domain Domain
		in     []GapInput
		is     error
	}{
		{"unknown domain", gapCatalogue, "emploi", ok, ErrUnknownDomain},
		{"empty domain", gapCatalogue, "", ok, ErrUnknownDomain},
		{"no indicator calls for it", gapCatalogue, DomainCulture, ok, ErrNoIndicator},
		{"all of an empty catalogue", nil, DomainAll, ok, ErrNoIndicator},
		{"indicator twice", append(slices.Clone(gapCatalogue), gapCatalogue[0]), DomainInsertionEmploi, ok, nil},
		{"territory twice", gapCatalogue, DomainAll, []GapInput{{Code: "1"}, {Code: "1"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := RankGaps(context.Background(), c.cat, c.domain, c.in)
			if err == nil || (c.is != nil && !errors.Is(err, c.is)) {
				t.Errorf("got %v, want an error (%v)", err, c.is)
			}
		})
	}
	// an indicator repeated outside the weighed domains is not looked at
	cat := append(slices.Clone(gapCatalogue), gapCatalogue[2])
	if _, err := RankGaps(context.Background(), cat, DomainInsertionEmploi, ok); err != nil {
		t.Errorf("repeat outside the domain: %v", err)
	}
	if got, err := RankGaps(context.Background(), gapCatalogue, DomainSolidarite, nil); err != nil || len(got.Rows)+len(got.Unrated) != 0 {
		t.Errorf("no territory: %+v, %v", got, err)
	}
	// a request gone stops the ranking with its context's error
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RankGaps(ctx, gapCatalogue, DomainAll, gapTerritories); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// TestRankGapsPlantedGap hides one very fragile territory without any
// insertion partnership among territories that all have some: it must come
// first, with the largest possible gap and the class "3-1".
func TestRankGapsPlantedGap(t *testing.T) {
	t.Parallel()
	cat := []Indicator{
		{ID: "chomage", HigherIsWorse: true, Domains: []Domain{DomainInsertionEmploi}},
		{ID: "taux_emploi", HigherIsWorse: false, Domains: []Domain{DomainInsertionEmploi}},
		{ID: "pauvrete", HigherIsWorse: true, Domains: []Domain{DomainSolidarite}},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var in []GapInput
	for i := range 200 {
		in = append(in, GapInput{Code: fmt.Sprintf("%05d", i), Population: float64(500 + rng.IntN(50000)),
			Values:       []float64{3 + 10*rng.Float64(), 55 + 15*rng.Float64(), 5 + 20*rng.Float64()},
			Partnerships: CountsByDomain(map[Domain]int{DomainInsertionEmploi: 1 + rng.IntN(20), DomainSolidarite: rng.IntN(5)})})
	}
	planted := GapInput{Code: "99999", Population: 30000,
		Values:       []float64{25, 40, 10},
		Partnerships: CountsByDomain(map[Domain]int{DomainSolidarite: 3})}
	in = append(in[:87], append([]GapInput{planted}, in[87:]...)...)
	got, err := RankGaps(context.Background(), cat, DomainInsertionEmploi, in)
	if err != nil {
		t.Fatal(err)
	}
	first := got.Rows[0]
	if first.Code != "99999" || first.Gap != 1 || first.Fragility != 1 || first.CoverageRank != 0 || first.Class != "3-1" {
		t.Errorf("first: %+v", first)
	}
	if got.Rows[1].Gap >= 1 {
		t.Errorf("second ties the planted gap: %+v", got.Rows[1])
	}
}

// TestRankGapsProperties checks, on random inputs with missing values and
// empty populations, what holds whatever the data: every territory is
// either ranked or unrated, ranks run 1..n in the documented order, every
// component lies in its range and agrees with the others.
func TestRankGapsProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	rated := 0
	for trial := range 60 {
		var cat []Indicator
		for k := range 1 + rng.IntN(6) {
			ind := Indicator{ID: fmt.Sprintf("i%d", k), HigherIsWorse: rng.IntN(2) == 0}
			for _, d := range Domains[:5] {
				if rng.IntN(3) == 0 {
					ind.Domains = append(ind.Domains, d)
				}
			}
			cat = append(cat, ind)
		}
		var in []GapInput
		for i := range rng.IntN(60) {
			g := GapInput{Code: fmt.Sprintf("%03d", rng.IntN(1000)*1000+i), Population: float64(rng.IntN(5) * rng.IntN(3000)),
				Values: make([]float64, len(cat))}
			for k := range cat {
				g.Values[k] = math.NaN()
				if rng.IntN(4) != 0 {
					g.Values[k] = float64(rng.IntN(10))
				}
			}
			for d := range Domains {
				n := rng.IntN(4)
				g.Partnerships[d] = n
				g.PartnershipsTotal += n
			}
			in = append(in, g)
		}
		for _, d := range append([]Domain{DomainAll}, Domains[:5]...) {
			got, err := RankGaps(context.Background(), cat, d, in)
			if errors.Is(err, ErrNoIndicator) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			rated += len(got.Rows)
			if len(got.Rows)+len(got.Unrated) != len(in) {
				t.Fatalf("trial %d %s: %d rows + %d unrated of %d", trial, d, len(got.Rows), len(got.Unrated), len(in))
			}
			for i, r := range got.Rows {
				if r.Rank != i+1 || r.Gap < -1 || r.Gap > 1 || r.Fragility < 0 || r.Fragility > 1 ||
					r.CoverageRank < 0 || r.CoverageRank > 1 || r.Gap != r.Fragility-r.CoverageRank ||
					r.Class != fmt.Sprintf("%d-%d", Tercile(r.Fragility), Tercile(r.CoverageRank)) ||
					r.Population <= 0 || len(r.Indicators) == 0 {
					t.Fatalf("trial %d %s: row %+v", trial, d, r)
				}
				if i > 0 {
					p := got.Rows[i-1]
					if p.Gap < r.Gap || (p.Gap == r.Gap && (p.Fragility < r.Fragility ||
						(p.Fragility == r.Fragility && p.Code >= r.Code))) {
						t.Fatalf("trial %d %s: %+v before %+v", trial, d, p, r)
					}
				}
				if d != DomainAll {
					sum := 0.0
					for _, ind := range r.Indicators {
						sum += ind.Oriented
					}
					if !sameFloat(r.Fragility, sum/float64(len(r.Indicators))) {
						t.Fatalf("trial %d %s: fragility %v is not the mean of %+v", trial, d, r.Fragility, r.Indicators)
					}
				} else {
					gaps := 0.0
					for _, p := range r.Domains {
						gaps += p.Gap
					}
					if !sameFloat(r.Gap, gaps/float64(len(r.Domains))) {
						t.Fatalf("trial %d: gap %v is not the mean of %+v", trial, r.Gap, r.Domains)
					}
				}
			}
			if !slices.IsSortedFunc(got.Unrated, func(a, b GapUnrated) int { return cmp.Compare(a.Code, b.Code) }) {
				t.Fatalf("trial %d %s: unrated out of order", trial, d)
			}
		}
	}
	if rated < 1000 {
		t.Errorf("only %d rows ranked: the inputs test too little", rated)
	}
}

// TestRankGapsOrder checks the radix ordering of the rows against the
// comparison sort kept for inputs too long for it, on gaps and fragilities
// with many ties and some differing in their last bits only.
func TestRankGapsOrder(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 14))
	near := []float64{0, math.Copysign(0, -1), 0.5, math.Nextafter(0.5, 1), 0.5 + 0x1p-30, -0.5, math.Nextafter(-0.5, -1), 1, -1}
	for trial := range 200 {
		var in []GapInput
		var rated []gapKey
		for i := range rng.IntN(300) {
			in = append(in, GapInput{Code: fmt.Sprintf("%d", rng.IntN(1e6)*1000+i)})
			k := gapKey{gap: near[rng.IntN(len(near))], fragility: near[rng.IntN(len(near))], i: i}
			if rng.IntN(2) == 0 {
				k.gap = float64(rng.IntN(20)-10) / 10
			}
			rated = append(rated, k)
		}
		got, want := rowRanks(rated, in, new(rankScratch)), rowRanksBySort(rated, in)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: radix %v, comparison %v", trial, got, want)
		}
	}
}

// benchGapCatalogue is 12 indicators over the domains, each calling for one
// to three of them, every domain called for by some indicator.
func benchGapCatalogue() []Indicator {
	rng := rand.New(rand.NewPCG(5, 6))
	cat := make([]Indicator, 12)
	for k := range cat {
		cat[k] = Indicator{ID: fmt.Sprintf("ind%02d", k), HigherIsWorse: rng.IntN(2) == 0,
			Domains: []Domain{Domains[k%len(Domains)]}}
		for range rng.IntN(3) {
			if d := Domains[rng.IntN(len(Domains))]; !slices.Contains(cat[k].Domains, d) {
				cat[k].Domains = append(cat[k].Domains, d)
			}
		}
	}
	return cat
}

// benchGapValues is n territories' values of each indicator of cat, in
// catalogue order and in one backing array as analysis.Analyst.RankGaps makes them,
// NaN for about one value in ten, rounded so that ties occur as in
// published statistics.
func benchGapValues(n int, cat []Indicator) (codes []string, pops []float64, values [][]float64, parts []map[Domain]int, totals []int) {
	rng := rand.New(rand.NewPCG(7, 8))
	backing := make([]float64, n*len(cat))
	for i := range n {
		codes = append(codes, fmt.Sprintf("%05d", i))
		pop := float64(rng.IntN(20000))
		if rng.IntN(200) == 0 {
			pop = 0
		}
		pops = append(pops, pop)
		row := backing[i*len(cat) : (i+1)*len(cat)]
		for k := range row {
			row[k] = math.Round(rng.Float64()*1000) / 10
			if rng.IntN(10) == 0 {
				row[k] = math.NaN()
			}
		}
		values = append(values, row)
		p, total := map[Domain]int{}, 0
		for _, d := range Domains {
			if rng.IntN(3) == 0 {
				m := 1 + rng.IntN(5)
				p[d] = m
				total += m
			}
		}
		parts = append(parts, p)
		totals = append(totals, total)
	}
	return
}

// benchGapInput is RankGaps's input for n territories of benchGapValues.
func benchGapInput(n int, cat []Indicator) []GapInput {
	codes, pops, values, parts, totals := benchGapValues(n, cat)
	in := make([]GapInput, len(codes))
	for i := range in {
		in[i] = GapInput{Code: codes[i], Population: pops[i], Values: values[i],
			Partnerships: CountsByDomain(parts[i]), PartnershipsTotal: totals[i]}
	}
	return in
}

// BenchmarkRankGaps ranks the 35 000 territories of a commune level on 12
// indicators, in one domain and in all of them.
func BenchmarkRankGaps(b *testing.B) {
	cat := benchGapCatalogue()
	in := benchGapInput(35000, cat)
	for _, d := range []Domain{DomainInsertionEmploi, DomainAll} {
		b.Run(string(d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RankGaps(context.Background(), cat, d, in); err != nil {
					b.Fatal(err)
				}
			}
		})
		// What a portrait needs: the scores and one territory's row.
		b.Run(string(d)+"/one row", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, err := ScoreGaps(context.Background(), cat, d, in)
				if err != nil {
					b.Fatal(err)
				}
				if _, ok := s.Row(in[len(in)/2].Code); !ok {
					b.Fatal("no row")
				}
			}
		})
	}
}

// TestGapScoresRow: a row written alone is the ranking's row, in every
// domain, for every territory rated; a territory not rated has none; and
// the scores give the same ranking each time, whatever a caller does to
// the last one.
func TestGapScoresRow(t *testing.T) {
	cat := benchGapCatalogue()
	in := benchGapInput(3000, cat)
	in[7].Population = 0 // not covered: unrated
	for _, d := range []Domain{DomainAll, DomainInsertionEmploi, DomainSport} {
		s, err := ScoreGaps(context.Background(), cat, d, in)
		if err != nil {
			t.Fatal(err)
		}
		want := s.Ranking()
		if len(want.Rows) == 0 || len(want.Unrated) == 0 {
			t.Fatalf("%s: %d rows, %d unrated", d, len(want.Rows), len(want.Unrated))
		}
		for _, w := range want.Rows {
			got, ok := s.Row(w.Code)
			if !ok || !reflect.DeepEqual(got, w) {
				t.Fatalf("%s: Row(%s) = %+v, %v; want %+v", d, w.Code, got, ok, w)
			}
		}
		for _, u := range want.Unrated {
			if _, ok := s.Row(u.Code); ok {
				t.Errorf("%s: Row(%s), unrated, found", d, u.Code)
			}
		}
		if _, ok := s.Row("nowhere"); ok {
			t.Errorf("%s: Row of an unknown code found", d)
		}
		want.Unrated[0].Code, want.Rows[0].Code = "changed", "changed"
		again := s.Ranking()
		if again.Unrated[0].Code == "changed" || again.Rows[0].Code == "changed" {
			t.Errorf("%s: a second Ranking shows the first one's changes", d)
		}
		direct, err := RankGaps(context.Background(), cat, d, in)
		if err != nil || !reflect.DeepEqual(direct, again) {
			t.Errorf("%s: RankGaps differs from ScoreGaps' Ranking (%v)", d, err)
		}
	}
}
