package geo_test

import (
	"context"
	"fmt"
	"math"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

func ExampleRankGaps() {
	catalogue := []geo.Indicator{
		{ID: "chomage", HigherIsWorse: true, Domains: []geo.Domain{geo.DomainInsertionEmploi}},
		{ID: "taux_emploi", HigherIsWorse: false, Domains: []geo.Domain{geo.DomainInsertionEmploi}},
	}
	// Values follow the catalogue: chômage, then taux d'emploi; NaN or a
	// short slice for a missing value
	epcis := []geo.GapInput{
		{Code: "200000001", Population: 40000, Values: []float64{14.2, 58},
			Partnerships: geo.CountsByDomain(map[geo.Domain]int{geo.DomainInsertionEmploi: 1})},
		{Code: "200000002", Population: 25000, Values: []float64{7.5, 67},
			Partnerships: geo.CountsByDomain(map[geo.Domain]int{geo.DomainInsertionEmploi: 6})},
		{Code: "200000003", Population: 60000, Values: []float64{9.8, 63},
			Partnerships: geo.CountsByDomain(map[geo.Domain]int{geo.DomainInsertionEmploi: 9})},
		{Code: "200000004", Population: 12000, Values: []float64{math.NaN(), 61}},
		{Code: "200000005", Population: 0, Values: []float64{11}},
	}
	ranking, err := geo.RankGaps(context.Background(), catalogue, geo.DomainInsertionEmploi, epcis)
	if err != nil {
		panic(err)
	}
	// the first two tie on the gap: the more fragile comes first
	for _, r := range ranking.Rows {
		fmt.Printf("%d %s fragility %.2f coverage %.2f/10k (rank %.2f) gap %+.2f class %s\n",
			r.Rank, r.Code, r.Fragility, r.Coverage, r.CoverageRank, r.Gap, r.Class)
	}
	for _, u := range ranking.Unrated {
		fmt.Printf("unrated %s: no fragility %v, no coverage %v\n", u.Code, u.NoFragility, u.NoCoverage)
	}
	// Output:
	// 1 200000001 fragility 1.00 coverage 0.25/10k (rank 0.33) gap +0.67 class 3-2
	// 2 200000004 fragility 0.67 coverage 0.00/10k (rank 0.00) gap +0.67 class 3-1
	// 3 200000003 fragility 0.33 coverage 1.50/10k (rank 0.67) gap -0.33 class 2-3
	// 4 200000002 fragility 0.00 coverage 2.40/10k (rank 1.00) gap -1.00 class 1-3
	// unrated 200000005: no fragility false, no coverage true
}

func ExampleSuggestMatches() {
	fragility := 0.92
	matches, err := geo.SuggestMatches(context.Background(), geo.MatchInput{
		Domain:   geo.DomainInsertionEmploi,
		RadiusKm: 10,
		Companies: []geo.Actor{{ID: 1, Name: "Métallerie du Rhône", Kind: geo.KindEntreprise, Employees: 320,
			Sector: geo.SectorIndustrie, Location: orb.Point{4.85, 45.75}}},
		Associations: []geo.Actor{{ID: 2, Name: "Insertion Villeurbanne", Kind: geo.KindAssociation, Employer: true,
			Domains: []geo.Domain{geo.DomainInsertionEmploi}, Location: orb.Point{4.88, 45.77}}},
		Partnered: geo.PairSet{},
		Fragility: &fragility,
		Limit:     10,
	})
	if err != nil {
		panic(err)
	}
	for _, m := range matches {
		fmt.Printf("%s – %s: %.3f\n", m.CompanyName, m.AssociationName, m.Score)
		for _, r := range m.Reasons {
			fmt.Println("  " + r)
		}
	}
	// Output:
	// Métallerie du Rhône – Insertion Villeurbanne: 0.613
	//   à 3,2 km l'une de l'autre
	//   l'association agit pour l'insertion et l'emploi et emploie des salariés
	//   entreprise de l'industrie, un secteur qui se tourne volontiers vers des partenaires proches
	//   entreprise de 250 à 999 salariés
	//   le territoire est plus fragile que 92 % des territoires de même niveau dans ce domaine
}
