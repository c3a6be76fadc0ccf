package geo

import (
	"context"
	"math"
	"reflect"
	"testing"
)

// observatoryRows are a few actors and partnerships whose figures and
// counts the tests below work out by hand.
func observatoryRows() ObservatoryInput {
	actors := []Actor{
		{ID: 1, Kind: KindAssociation, Employer: true, Domains: []Domain{DomainCulture}},
		{ID: 2, Kind: KindAssociation, Domains: []Domain{DomainSport}},
		{ID: 3, Kind: KindAssociation, Insertion: true, Employer: true},
		{ID: 4, Kind: KindAssociation, Domains: []Domain{DomainCulture}},
		{ID: 10, Kind: KindEntreprise, Employees: 12, Sector: SectorIndustrie},
		{ID: 11, Kind: KindEntreprise, Employees: 1500, Sector: SectorCommerce},
		{ID: 12, Kind: KindEntreprise, Employees: 30, Sector: SectorBTP},
		{ID: 20, Kind: KindCollectivite},
	}
	kinds := map[int64]ActorKind{}
	for _, a := range actors {
		kinds[a.ID] = a.Kind
	}
	ps := []Partnership{
		{ID: 1, ActorA: 10, ActorB: 1, Category: CategoryMecenat, Domain: DomainInsertionEmploi, Scale: ScaleLocal},
		{ID: 2, ActorA: 10, ActorB: 3, Category: CategoryCooperationEconomique, Domain: DomainInsertionEmploi, Scale: ScaleRegional},
		{ID: 3, ActorA: 11, ActorB: 3, Category: CategoryMecenat, Domain: DomainDiversiteHandicap, Scale: ScaleNational},
		{ID: 4, ActorA: 10, ActorB: 20, Category: CategoryPratiquesResponsables, Domain: DomainEducationJeunesse, Scale: ScaleRegional},
		{ID: 5, ActorA: 1, ActorB: 3, Category: CategoryInnovationSocietale, Domain: DomainCulture, Scale: ScaleLocal},
	}
	return ObservatoryInput{Actors: actors, Partnerships: ps, Kinds: kinds, ScaleFactor: 100}
}

func TestComputeObservatory(t *testing.T) {
	t.Parallel()
	o := ComputeObservatory(observatoryRows())
	cases := []struct {
		id       string
		value    float64
		num, den float64
	}{
		{"assoc_partnering", 50, 2, 4},
		{"assoc_employer_partnering", 100, 2, 2},
		{"company10_partnering", 200.0 / 3, 2, 3},
		{"company1000_partnering", 100, 1, 1},
		{"partnerships_total", 500, 5, 0.01},
		{"assoc_mecenat", 100, 2, 2},
		{"assoc_cooperation_economique", 50, 1, 2},
		{"assoc_innovation_societale", 100, 2, 2},
		{"assoc_pratiques_responsables", 0, 0, 2},
		{"assoc_avg_partnerships", 2.5, 5, 2},
		{"company_avg_partnerships", 2, 4, 2},
		{"company_insertion", 50, 1, 2},
		{"company_local_partner", 50, 1, 2},
		{"company_regional_partner", 50, 1, 2},
		{"company_collectivite", 50, 1, 2},
	}
	for _, c := range cases {
		f, ok := o.Figure(c.id)
		if !ok {
			t.Errorf("%s: missing", c.id)
			continue
		}
		if math.Abs(f.Value-c.value) > 1e-9 || f.Numerator != c.num || math.Abs(f.Denominator-c.den) > 1e-12 {
			t.Errorf("%s: got %v (%v/%v), want %v (%v/%v)", c.id, f.Value, f.Numerator, f.Denominator, c.value, c.num, c.den)
		}
	}
	ins, _ := o.Figure("insertion_most_active")
	if !ins.Holds || ins.Detail["insertion"] != 100 || ins.Detail["culture"] != 50 || ins.Detail["sport"] != 0 {
		t.Errorf("insertion_most_active: got holds=%v detail=%v", ins.Holds, ins.Detail)
	}
	lean, _ := o.Figure("sector_lean")
	// industrie: 1 regional… of 3 (local, regional, regional) → 66.7 % regional vs 0 %; commerce: 1 national.
	if lean.Holds {
		t.Errorf("sector_lean: holds with no BTP partnership: %v", lean.Detail)
	}
	if lean.Detail["industrie_regional"] != 200.0/3 || lean.Detail["commerce_national_international"] != 100 {
		t.Errorf("sector_lean detail: got %v", lean.Detail)
	}
}

func TestComputeObservatoryScope(t *testing.T) {
	t.Parallel()
	// Only actor 1 is in scope: the partnership between 2 and 3 is ignored, the
	// one between 1 and 2 counts once, from 1's side.
	actors := []Actor{{ID: 1, Kind: KindAssociation}}
	kinds := map[int64]ActorKind{1: KindAssociation, 2: KindEntreprise, 3: KindAssociation}
	ps := []Partnership{{ID: 1, ActorA: 1, ActorB: 2}, {ID: 2, ActorA: 2, ActorB: 3}}
	o := ComputeObservatory(ObservatoryInput{Actors: actors, Partnerships: ps, Kinds: kinds})
	if f, _ := o.Figure("partnerships_total"); f.Numerator != 1 {
		t.Errorf("partnerships_total: got %v, want 1", f.Numerator)
	}
	if f, _ := o.Figure("assoc_partnering"); f.Value != 100 {
		t.Errorf("assoc_partnering: got %v, want 100", f.Value)
	}
}

func TestCountObservatory(t *testing.T) {
	t.Parallel()
	want := ObservatoryCounts{
		Partnerships:          5,
		Associations:          PartneringCount{4, 2},
		EmployerAssociations:  PartneringCount{2, 2},
		InsertionAssociations: PartneringCount{1, 1},
		AssociationGroups:     map[Domain]PartneringCount{DomainCulture: {2, 1}, DomainSport: {1, 0}},
		AssociationEnds:       5, // 1 has partnerships 1 and 5, 3 has 2, 3 and 5
		AssociationCategories: map[Category]int64{CategoryMecenat: 2, CategoryCooperationEconomique: 1, CategoryInnovationSocietale: 2},
		Companies:             PartneringCount{3, 2},
		Companies10:           PartneringCount{3, 2},
		Companies1000:         PartneringCount{1, 1},
		CompanyEnds:           4,
		CompanyInsertion:      1,
		CompanyLocal:          1,
		CompanyRegional:       1,
		CompanyCollectivite:   1,
		CompanyScales: map[Sector]map[Scale]int64{
			SectorIndustrie: {ScaleLocal: 1, ScaleRegional: 2},
			SectorCommerce:  {ScaleNational: 1},
		},
		CompanyDomains: map[Domain]int64{DomainInsertionEmploi: 2, DomainDiversiteHandicap: 1, DomainEducationJeunesse: 1},
	}
	if got, err := CountObservatory(context.Background(), observatoryRows()); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v, %v\nwant %+v", got, err, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	many := observatoryRows()
	for len(many.Partnerships) < 5000 {
		many.Partnerships = append(many.Partnerships, many.Partnerships...)
	}
	if _, err := CountObservatory(ctx, many); err != context.Canceled {
		t.Errorf("%d partnerships under a done context: %v, want context.Canceled", len(many.Partnerships), err)
	}
}

// TestObservatoryFromCountsZeroEntries checks a zero count in a map reads
// as a missing key, whichever a store sends: no empty association group in
// insertion_most_active's detail, no zero domain making the ranking fail.
func TestObservatoryFromCountsZeroEntries(t *testing.T) {
	t.Parallel()
	c, err := CountObservatory(context.Background(), observatoryRows())
	if err != nil {
		t.Fatal(err)
	}
	// Make the domain ranking hold, so that a zero domain could break it.
	for i, d := range CompanyDomainRanking {
		c.CompanyDomains[d] = int64(10 - i)
	}
	want := ObservatoryFromCounts(LevelRegion, "84", c, 100)
	if f, _ := want.Figure("company_domain_ranking"); !f.Holds {
		t.Fatalf("company_domain_ranking does not hold on %v", c.CompanyDomains)
	}
	c.AssociationGroups[DomainMobilite] = PartneringCount{}
	c.AssociationCategories[CategoryPratiquesResponsables] = 0
	c.CompanyScales[SectorBTP] = map[Scale]int64{ScaleLocal: 0}
	c.CompanyDomains[DomainSante] = 0
	if got := ObservatoryFromCounts(LevelRegion, "84", c, 100); !reflect.DeepEqual(got, want) {
		t.Errorf("with zero entries:\ngot  %+v\nwant %+v", got, want)
	}
}

// TestObservatoryFromCountsEmpty checks a scope with nothing in it: every
// figure is 0 with a zero denominator, and no comparison holds.
func TestObservatoryFromCountsEmpty(t *testing.T) {
	t.Parallel()
	o := ObservatoryFromCounts(LevelCommune, "69123", ObservatoryCounts{}, 0)
	if o.Level != LevelCommune || o.Territory != "69123" || len(o.Figures) != 18 {
		t.Fatalf("got %s %q with %d figures", o.Level, o.Territory, len(o.Figures))
	}
	for _, f := range o.Figures {
		if f.Value != 0 || f.Numerator != 0 || f.Holds {
			t.Errorf("%s: got %v (%v/%v), holds %v", f.ID, f.Value, f.Numerator, f.Denominator, f.Holds)
		}
		if f.Kind != FigureCount && f.Kind != FigureComparison && f.Denominator != 0 {
			t.Errorf("%s: denominator %v", f.ID, f.Denominator)
		}
	}
	if f, _ := o.Figure("partnerships_total"); f.Denominator != 1 {
		t.Errorf("partnerships_total: a zero scale factor reads as 1, got denominator %v", f.Denominator)
	}
}
