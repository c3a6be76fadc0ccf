package geo

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// offsetKm moves p north and east by about the given kilometres.
func offsetKm(p orb.Point, northKm, eastKm float64) orb.Point {
	kmPerDegree := SphereRadius / 1000 * math.Pi / 180
	return orb.Point{p[0] + eastKm/(kmPerDegree*math.Cos(radians(p[1]))), p[1] + northKm/kmPerDegree}
}

var lyon = orb.Point{4.85, 45.75}

// matchActors: companies 1 and 2 qualify, 3 is too small, 4 is not a
// company, 5 is 30 km away; associations 11 and 13 act in insertion, 12 in
// sport only. 1–13 and 2–11 are partnered already.
func matchActors() (companies, associations []Actor, partnered PairSet) {
	companies = []Actor{
		{ID: 1, Name: "Métallerie du Rhône", Kind: KindEntreprise, Employees: 300, Sector: SectorIndustrie,
			Domains: []Domain{DomainInsertionEmploi}, Location: lyon},
		{ID: 2, Name: "Épicerie fine", Kind: KindEntreprise, Employees: 15, Sector: SectorCommerce,
			Location: offsetKm(lyon, 0, 1)},
		{ID: 3, Name: "Petite SARL", Kind: KindEntreprise, Employees: 9, Location: lyon},
		{ID: 4, Name: "Mairie", Kind: KindCollectivite, Employees: 500, Location: lyon},
		{ID: 5, Name: "Géant", Kind: KindEntreprise, Employees: 1500, Location: offsetKm(lyon, -30, 0)},
	}
	associations = []Actor{
		{ID: 11, Name: "Insertion Villeurbanne", Kind: KindAssociation, Employer: true, Insertion: true,
			Domains: []Domain{DomainInsertionEmploi}, Location: offsetKm(lyon, 3.2, 0)},
		{ID: 12, Name: "Sport Club", Kind: KindAssociation, Employer: true, Domains: []Domain{DomainSport}, Location: lyon},
		{ID: 13, Name: "Entraide", Kind: KindAssociation, Domains: []Domain{DomainSolidarite, DomainInsertionEmploi},
			Location: lyon},
	}
	partnered = PairSet{}
	partnered.Add(13, 1)
	partnered.Add(2, 11)
	return companies, associations, partnered
}

func TestSuggestMatchesHandComputed(t *testing.T) {
	t.Parallel()
	companies, associations, partnered := matchActors()
	fragility := 0.92
	got, err := SuggestMatches(context.Background(), MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 10, Companies: companies,
		Associations: associations, Partnered: partnered, Fragility: &fragility})
	if err != nil {
		t.Fatal(err)
	}
	d1 := LinkLengthKm(companies[0].Location, associations[0].Location)
	d2 := LinkLengthKm(companies[1].Location, associations[2].Location)
	if math.Abs(d1-3.2) > 0.01 || math.Abs(d2-1) > 0.01 {
		t.Fatalf("test points: %v km, %v km", d1, d2)
	}
	fragile := "le territoire est plus fragile que 92 % des territoires de même niveau dans ce domaine"
	want := []Match{
		{Company: 1, CompanyName: "Métallerie du Rhône", Association: 11, AssociationName: "Insertion Villeurbanne",
			DistanceKm: d1, Score: 0.4*(1-d1/10) + 0.35*1 + 0.25*2/3,
			Components: MatchComponents{Distance: 1 - d1/10, Complementarity: 1, Capacity: 2.0 / 3},
			Reasons: []string{
				"à 3,2 km l'une de l'autre",
				"l'association agit pour l'insertion et l'emploi et emploie des salariés",
				"l'association est une structure d'insertion, celles qui nouent le plus de partenariats",
				"l'entreprise agit pour l'insertion et l'emploi elle aussi",
				"entreprise de l'industrie, un secteur qui se tourne volontiers vers des partenaires proches",
				"entreprise de 250 à 999 salariés",
				fragile,
			}},
		{Company: 2, CompanyName: "Épicerie fine", Association: 13, AssociationName: "Entraide",
			DistanceKm: d2, Score: 0.4*(1-d2/10) + 0.25*1/3,
			Components: MatchComponents{Distance: 1 - d2/10, Complementarity: 0, Capacity: 1.0 / 3},
			Reasons: []string{
				"à 1 km l'une de l'autre",
				"l'association agit pour l'insertion et l'emploi",
				"entreprise de 10 à 249 salariés",
				fragile,
			}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d matches, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.Abs(g.Score-w.Score) > 1e-12 {
			t.Errorf("#%d score: got %v, want %v", i, g.Score, w.Score)
		}
		if math.Abs(g.Components.Distance-w.Components.Distance) > 1e-12 ||
			math.Abs(g.Components.Complementarity-w.Components.Complementarity) > 1e-12 ||
			math.Abs(g.Components.Capacity-w.Components.Capacity) > 1e-12 {
			t.Errorf("#%d components: got %+v, want %+v", i, g.Components, w.Components)
		}
		g.Score, g.Components, w.Score, w.Components = 0, MatchComponents{}, 0, MatchComponents{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("#%d:\n got %+v\nwant %+v", i, g, w)
		}
	}

	// without a fragility there is no sentence about the territory; a
	// limit keeps the best
	got, err = SuggestMatches(context.Background(), MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 10, Companies: companies,
		Associations: associations, Partnered: partnered, Limit: 1})
	if err != nil || len(got) != 1 || got[0].Association != 11 || slices.Contains(got[0].Reasons, fragile) {
		t.Errorf("limit 1, no fragility: %+v, %v", got, err)
	}
}

func TestSuggestMatchesExclusions(t *testing.T) {
	t.Parallel()
	companies, associations, _ := matchActors()
	all := append(slices.Clone(companies), associations...)
	cases := []struct {
		name      string
		in        MatchInput
		wantPairs [][2]int64
	}{
		{"nothing partnered", MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 10, Companies: companies,
			Associations: associations}, [][2]int64{{1, 11}, {1, 13}, {2, 11}, {2, 13}}},
		{"partnered in either order", MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 10, Companies: companies,
			Associations: associations, Partnered: NewPairSet([]Partnership{{ActorA: 1, ActorB: 13}, {ActorA: 11, ActorB: 2}})},
			[][2]int64{{1, 11}, {2, 13}}},
		{"one list for both", MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 10, Companies: all,
			Associations: all}, [][2]int64{{1, 11}, {1, 13}, {2, 11}, {2, 13}}},
		{"the radius", MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 2, Companies: companies,
			Associations: associations}, [][2]int64{{1, 13}, {2, 13}}},
		{"a wide radius reaches the far company", MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 40,
			Companies: companies, Associations: associations},
			[][2]int64{{1, 11}, {2, 11}, {1, 13}, {5, 11}, {2, 13}, {5, 13}}},
		{"sport", MatchInput{Domain: DomainSport, RadiusKm: 10, Companies: companies, Associations: associations},
			[][2]int64{{1, 12}, {2, 12}}},
		{"an id on both sides never pairs with itself", MatchInput{Domain: DomainSport, RadiusKm: 10,
			Companies:    []Actor{{ID: 7, Kind: KindEntreprise, Employees: 20, Location: lyon}},
			Associations: []Actor{{ID: 7, Kind: KindAssociation, Domains: []Domain{DomainSport}, Location: lyon}}}, nil},
		{"no association in the domain", MatchInput{Domain: DomainCulture, RadiusKm: 10, Companies: companies,
			Associations: associations}, nil},
		{"a point that is not finite", MatchInput{Domain: DomainSport, RadiusKm: 10000,
			Companies:    []Actor{{ID: 1, Kind: KindEntreprise, Employees: 20, Location: orb.Point{math.NaN(), 45}}},
			Associations: []Actor{{ID: 2, Kind: KindAssociation, Domains: []Domain{DomainSport}, Location: lyon}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := SuggestMatches(context.Background(), c.in)
			if err != nil {
				t.Fatal(err)
			}
			var pairs [][2]int64
			for _, m := range got {
				pairs = append(pairs, [2]int64{m.Company, m.Association})
				if m.DistanceKm > c.in.RadiusKm || m.Score < 0 || m.Score > 1 || m.Company == m.Association ||
					c.in.Partnered.Has(m.Company, m.Association) {
					t.Errorf("match %+v", m)
				}
			}
			if !slices.Equal(pairs, c.wantPairs) {
				t.Errorf("got %v, want %v", pairs, c.wantPairs)
			}
		})
	}
}

func TestSuggestMatchesErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   MatchInput
		is   error
	}{
		{"all domains", MatchInput{Domain: DomainAll, RadiusKm: 10}, ErrUnknownDomain},
		{"unknown domain", MatchInput{Domain: "emploi", RadiusKm: 10}, ErrUnknownDomain},
		{"zero radius", MatchInput{Domain: DomainSport}, nil},
		{"negative radius", MatchInput{Domain: DomainSport, RadiusKm: -1}, nil},
		{"NaN radius", MatchInput{Domain: DomainSport, RadiusKm: math.NaN()}, nil},
		{"infinite radius", MatchInput{Domain: DomainSport, RadiusKm: math.Inf(1)}, nil},
	}
	for _, c := range cases {
		if _, err := SuggestMatches(context.Background(), c.in); err == nil || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("%s: got %v, want an error (%v)", c.name, err, c.is)
		}
	}
	if got, err := SuggestMatches(context.Background(), MatchInput{Domain: DomainSport, RadiusKm: 1}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("no actor: %v, %v; want an empty list", got, err)
	}
	// A request gone: the search stops with its context's error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := MatchInput{Domain: DomainSport, RadiusKm: 10,
		Companies:    []Actor{{ID: 1, Kind: KindEntreprise, Employees: 50, Location: orb.Point{4.8, 45.7}}},
		Associations: []Actor{{ID: 2, Kind: KindAssociation, Domains: []Domain{DomainSport}, Location: orb.Point{4.81, 45.7}}}}
	if _, err := SuggestMatches(ctx, in); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
	if got, err := SuggestMatches(context.Background(), in); err != nil || len(got) != 1 {
		t.Errorf("the same pair not cancelled: %v, %v", got, err)
	}
}

func TestDistancePhrase(t *testing.T) {
	t.Parallel()
	for km, want := range map[float64]string{
		0:      "à moins de 100 m l'une de l'autre",
		0.0999: "à moins de 100 m l'une de l'autre",
		0.1:    "à 0,1 km l'une de l'autre",
		0.96:   "à 1 km l'une de l'autre",
		3.2:    "à 3,2 km l'une de l'autre",
		12.345: "à 12,3 km l'une de l'autre",
		150:    "à 150 km l'une de l'autre",
	} {
		if got := distancePhrase(km); got != want {
			t.Errorf("%v km: got %q, want %q", km, got, want)
		}
	}
}

func TestDomainLabel(t *testing.T) {
	t.Parallel()
	for _, d := range append(slices.Clone(Domains), DomainAll) {
		if l := DomainLabel(d); l == "" || l == string(d) && d != DomainAll {
			t.Errorf("%s: no French label (%q)", d, l)
		}
		if !strings.HasPrefix(domainFrench[d].acts, "agit ") {
			t.Errorf("%s: no phrase", d)
		}
	}
	if DomainLabel(DomainSante) != "Santé" || DomainLabel("x") != "x" {
		t.Errorf("labels: %q %q", DomainLabel(DomainSante), DomainLabel("x"))
	}
}

// randomMatchInput draws actors of every kind around one place: Lyon, the
// antimeridian or the North Pole, where a grid on longitudes and latitudes
// would break. Ids repeat now and then.
func randomMatchInput(rng *rand.Rand) MatchInput {
	centres := []orb.Point{{4.85, 45.75}, {179.97, -17}, {0, 89.95}}
	centre := centres[rng.IntN(len(centres))]
	kinds := []ActorKind{KindEntreprise, KindEntreprise, KindAssociation, KindAssociation, KindCollectivite}
	var actors []Actor
	for range rng.IntN(80) {
		lon := centre[0] + (rng.Float64()-0.5)*0.8
		if lon > 180 {
			lon -= 360
		}
		a := Actor{ID: int64(rng.IntN(60)), Kind: kinds[rng.IntN(len(kinds))], Employees: rng.IntN(3) * rng.IntN(1500),
			Employer: rng.IntN(2) == 0, Insertion: rng.IntN(4) == 0, Sector: Sectors[rng.IntN(len(Sectors))],
			Location: orb.Point{lon, math.Min(90, centre[1]+(rng.Float64()-0.5)*0.4)}}
		for _, d := range Domains[:3] {
			if rng.IntN(2) == 0 {
				a.Domains = append(a.Domains, d)
			}
		}
		actors = append(actors, a)
	}
	in := MatchInput{Domain: Domains[rng.IntN(3)], RadiusKm: 0.5 + 30*rng.Float64(), Limit: rng.IntN(10),
		Companies: actors, Associations: actors, Partnered: PairSet{}}
	if rng.IntN(2) == 0 {
		cut := rng.IntN(len(actors) + 1)
		in.Companies, in.Associations = actors[:cut], actors[cut:]
	}
	for range rng.IntN(100) {
		in.Partnered.Add(int64(rng.IntN(60)), int64(rng.IntN(60)))
	}
	return in
}

// bruteForceMatches scores every pair of the two lists and sorts them all.
func bruteForceMatches(in MatchInput) []Match {
	firsts := func(list []Actor, ok func(Actor) bool) []Actor {
		var out []Actor
		for _, a := range list {
			if ok(a) && !slices.ContainsFunc(out, func(b Actor) bool { return b.ID == a.ID }) {
				out = append(out, a)
			}
		}
		return out
	}
	companies := firsts(in.Companies, func(a Actor) bool { return a.Kind == KindEntreprise && a.Employees >= 10 })
	associations := firsts(in.Associations, func(a Actor) bool {
		return a.Kind == KindAssociation && slices.Contains(a.Domains, in.Domain)
	})
	var out []Match
	for _, c := range companies {
		for _, a := range associations {
			km := LinkLengthKm(c.Location, a.Location)
			if c.ID == a.ID || km > in.RadiusKm || in.Partnered.Has(a.ID, c.ID) {
				continue
			}
			comp := MatchComponents{Distance: 1 - km/in.RadiusKm}
			tenths := 0
			if a.Employer {
				tenths += 4
			}
			if a.Insertion {
				tenths += 3
			}
			if slices.Contains(c.Domains, in.Domain) {
				tenths += 2
			}
			if c.Sector == SectorIndustrie || c.Sector == SectorBTP {
				tenths++
			}
			comp.Complementarity = float64(tenths) / 10
			switch {
			case c.Employees >= 1000:
				comp.Capacity = 1
			case c.Employees >= 250:
				comp.Capacity = 2.0 / 3
			default:
				comp.Capacity = 1.0 / 3
			}
			out = append(out, Match{Company: c.ID, Association: a.ID, DistanceKm: km, Score: comp.score(), Components: comp})
		}
	}
	slices.SortFunc(out, func(x, y Match) int {
		switch {
		case x.Score != y.Score:
			if x.Score > y.Score {
				return -1
			}
			return 1
		case x.Company != y.Company:
			return int(x.Company - y.Company)
		}
		return int(x.Association - y.Association)
	})
	if in.Limit > 0 && len(out) > in.Limit {
		out = out[:in.Limit]
	}
	return out
}

// TestSuggestMatchesBruteForce: the grid and the heap give exactly the
// best Limit pairs of the brute force, in the same order.
func TestSuggestMatchesBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	found := 0
	for trial := range 500 {
		in := randomMatchInput(rng)
		got, err := SuggestMatches(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteForceMatches(in)
		found += len(want)
		if len(got) != len(want) {
			t.Fatalf("trial %d: got %d matches, want %d", trial, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Company != w.Company || g.Association != w.Association || g.Score != w.Score ||
				g.DistanceKm != w.DistanceKm || g.Components != w.Components {
				t.Fatalf("trial %d, #%d: got %+v, want %+v", trial, i, g, w)
			}
			if len(g.Reasons) < 3 {
				t.Fatalf("trial %d: reasons %q", trial, g.Reasons)
			}
			for _, r := range g.Reasons {
				if !strings.HasPrefix(r, "à ") && !strings.HasPrefix(r, "l'association ") &&
					!strings.HasPrefix(r, "l'entreprise ") && !strings.HasPrefix(r, "entreprise ") {
					t.Fatalf("trial %d: reason %q", trial, r)
				}
			}
		}
	}
	if found < 1000 {
		t.Errorf("only %d matches in all: the inputs test too little", found)
	}
}

// TestSuggestMatchesDeterministic: the order of the candidates does not
// change the suggestions.
func TestSuggestMatchesDeterministic(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 32))
	companies, associations := matchBenchActors(rng, 300, 200)
	in := MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 15, Companies: companies, Associations: associations,
		Partnered: PairSet{}, Limit: 40}
	first, err := SuggestMatches(context.Background(), in)
	if err != nil || len(first) != 40 {
		t.Fatalf("%d matches, %v", len(first), err)
	}
	for range 5 {
		rng.Shuffle(len(companies), func(i, j int) { companies[i], companies[j] = companies[j], companies[i] })
		rng.Shuffle(len(associations), func(i, j int) { associations[i], associations[j] = associations[j], associations[i] })
		again, err := SuggestMatches(context.Background(), in)
		if err != nil || !reflect.DeepEqual(first, again) {
			t.Fatalf("shuffled input, other suggestions (%v)", err)
		}
	}
}

// matchBenchActors spreads companies of 10+ employees and insertion
// associations over a département-sized box around Lyon (about 90 × 110
// km), with distinct ids.
func matchBenchActors(rng *rand.Rand, nc, na int) (companies, associations []Actor) {
	place := func() orb.Point { return orb.Point{4.2 + 1.3*rng.Float64(), 45.3 + 1.0*rng.Float64()} }
	sizes := []int{12, 40, 120, 300, 1200}
	for i := range nc {
		companies = append(companies, Actor{ID: int64(i + 1), Kind: KindEntreprise, Employees: sizes[rng.IntN(len(sizes))],
			Sector: Sectors[rng.IntN(len(Sectors))], Location: place()})
	}
	for i := range na {
		associations = append(associations, Actor{ID: int64(nc + i + 1), Kind: KindAssociation, Employer: rng.IntN(3) == 0,
			Insertion: rng.IntN(5) == 0, Domains: []Domain{DomainInsertionEmploi}, Location: place()})
	}
	return companies, associations
}

// BenchmarkSuggestMatches: 5 000 companies × 2 000 associations in one
// département, 10 km radius, the best 50 kept.
func BenchmarkSuggestMatches(b *testing.B) {
	rng := rand.New(rand.NewPCG(41, 42))
	companies, associations := matchBenchActors(rng, 5000, 2000)
	partnered := PairSet{}
	for range 5000 {
		partnered.Add(companies[rng.IntN(len(companies))].ID, associations[rng.IntN(len(associations))].ID)
	}
	in := MatchInput{Domain: DomainInsertionEmploi, RadiusKm: 10, Companies: companies, Associations: associations,
		Partnered: partnered, Limit: 50}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SuggestMatches(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPairSet(t *testing.T) {
	t.Parallel()
	s := NewPairSet([]Partnership{{ActorA: 5, ActorB: 3}, {ActorA: 1, ActorB: 9}})
	s.Add(7, 7)
	for _, c := range []struct {
		a, b int64
		want bool
	}{{3, 5, true}, {5, 3, true}, {9, 1, true}, {1, 9, true}, {7, 7, true}, {3, 9, false}, {5, 5, false}} {
		if got := s.Has(c.a, c.b); got != c.want {
			t.Errorf("Has(%d, %d) = %v", c.a, c.b, got)
		}
	}
	if (PairSet)(nil).Has(1, 2) {
		t.Error("a nil set holds a pair")
	}
}
