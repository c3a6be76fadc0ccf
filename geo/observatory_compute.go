package geo

import "context"

// The RAMEAU 2015 reference values (Le RAMEAU's 2015 barometer of
// partnerships in France, as the figures below quote it), in the unit of
// each figure.
const (
	refPartnershipsFrance = 1.2e6
)

// CompanyDomainRanking is the order the seed gives for the domains of
// companies' partnerships, most frequent first.
var CompanyDomainRanking = []Domain{DomainInsertionEmploi, DomainDiversiteHandicap,
	DomainEducationJeunesse, DomainCulture, DomainSport, DomainEnvironnement}

// ComputeObservatory recomputes every RAMEAU 2015 figure from rows
// (each figure's definition is in its comment and Figure's label):
// CountObservatory, then
// ObservatoryFromCounts. The result does not depend on the order of the
// input slices.
func ComputeObservatory(in ObservatoryInput) Observatory {
	counts, _ := CountObservatory(context.Background(), in) // no deadline: no error
	return ObservatoryFromCounts(in.Level, in.Territory, counts, in.ScaleFactor)
}

// ObservatoryFromCounts builds every RAMEAU 2015 figure of one scope from its
// counts: the one definition of the figures, whether the counts come from
// rows (CountObservatory) or from a database. Level and territory name the
// scope (both empty for France) and are copied to the result; scaleFactor
// turns the dataset's partnership count into a national figure (0 reads as
// 1).
//
// Rates have the actors of a group as denominator and those with at least
// one partnership as numerator; averages count an actor's own partnerships,
// so a partnership between two associations counts once for each. A rate
// over an empty group is 0 with a zero denominator, which callers show as
// "no data".
func ObservatoryFromCounts(level Level, territory string, c ObservatoryCounts, scaleFactor float64) Observatory {
	scale := scaleFactor
	if scale == 0 {
		scale = 1
	}
	assocPartnering := rate{den: float64(c.Associations.Partnering)}
	category := func(cat Category) rate {
		r := assocPartnering
		r.num = float64(c.AssociationCategories[cat])
		return r
	}
	companyPartnering := rate{den: float64(c.Companies.Partnering)}
	ofCompanies := func(n int64) rate {
		r := companyPartnering
		r.num = float64(n)
		return r
	}
	total := float64(c.Partnerships)
	figs := []Figure{
		percent("assoc_partnering", "Associations ayant au moins un partenariat", c.Associations.rate(), 38),
		percent("assoc_employer_partnering", "Associations employeuses ayant au moins un partenariat", c.EmployerAssociations.rate(), 53),
		insertionMostActive(c.InsertionAssociations, c.AssociationGroups),
		percent("company10_partnering", "Entreprises de 10 salariés et plus ayant au moins un partenariat", c.Companies10.rate(), 37),
		percent("company1000_partnering", "Entreprises de 1000 salariés et plus ayant au moins un partenariat", c.Companies1000.rate(), 49),
		{ID: "partnerships_total", Label: "Partenariats, rapportés à la France entière", Kind: FigureCount,
			Value: total * scale, Numerator: total, Denominator: 1 / scale, Reference: refPartnershipsFrance},
		percent("assoc_mecenat", "Associations partenaires bénéficiant de mécénat", category(CategoryMecenat), 67),
		percent("assoc_pratiques_responsables", "Associations partenaires construisant des pratiques responsables", category(CategoryPratiquesResponsables), 29),
		percent("assoc_cooperation_economique", "Associations partenaires en coopération économique", category(CategoryCooperationEconomique), 26),
		percent("assoc_innovation_societale", "Associations partenaires contribuant à l'innovation sociétale", category(CategoryInnovationSocietale), 25),
		average("assoc_avg_partnerships", "Partenariats par association partenaire", rate{float64(c.AssociationEnds), assocPartnering.den}, 4.5),
		average("company_avg_partnerships", "Partenariats par entreprise partenaire", rate{float64(c.CompanyEnds), companyPartnering.den}, 5.1),
		percent("company_insertion", "Entreprises partenaires engagées dans l'insertion professionnelle", ofCompanies(c.CompanyInsertion), 62),
		percent("company_local_partner", "Entreprises partenaires ayant au moins un partenariat local", ofCompanies(c.CompanyLocal), 75),
		percent("company_regional_partner", "Entreprises partenaires ayant au moins un partenariat régional", ofCompanies(c.CompanyRegional), 50),
		sectorLean(c.CompanyScales),
		percent("company_collectivite", "Entreprises partenaires ayant un partenariat avec une collectivité", ofCompanies(c.CompanyCollectivite), 52),
		domainRanking(c.CompanyDomains),
	}
	return Observatory{Level: level, Territory: territory, Figures: figs}
}

type rate struct{ num, den float64 }

func (r rate) percent() float64 {
	if r.den == 0 {
		return 0
	}
	return 100 * r.num / r.den
}

func percent(id, label string, r rate, ref float64) Figure {
	return Figure{ID: id, Label: label, Kind: FigurePercent, Value: r.percent(),
		Numerator: r.num, Denominator: r.den, Reference: ref}
}

func average(id, label string, r rate, ref float64) Figure {
	f := Figure{ID: id, Label: label, Kind: FigureAverage, Numerator: r.num, Denominator: r.den, Reference: ref}
	if r.den > 0 {
		f.Value = r.num / r.den
	}
	return f
}

// insertionMostActive checks that structures d'insertion partner more often
// than every other group of associations (by main domain). Its value is the
// insertion structures' rate; Detail gives each group's.
func insertionMostActive(insertion PartneringCount, groups map[Domain]PartneringCount) Figure {
	r := insertion.rate()
	f := percent("insertion_most_active",
		"Les structures d'insertion ont le taux de partenariat le plus élevé des associations", r, 0)
	f.Kind = FigureComparison
	f.Detail = map[string]float64{"insertion": r.percent()}
	f.Holds = r.den > 0
	for g, n := range groups {
		if n.Actors == 0 {
			continue // no such group
		}
		p := n.rate().percent()
		f.Detail[string(g)] = p
		if p >= r.percent() {
			f.Holds = false
		}
	}
	return f
}

// sectorLean checks the seed's remark that industry and construction lean
// regional while commerce leans national and international, on the
// partnerships of companies of each sector.
func sectorLean(bySector map[Sector]map[Scale]int64) Figure {
	f := Figure{ID: "sector_lean", Kind: FigureComparison,
		Label:  "L'industrie et le BTP penchent vers le régional, le commerce vers le national et l'international",
		Detail: map[string]float64{}, Holds: true}
	share := func(s Sector) (regional, wider float64, n int64) {
		m := bySector[s]
		for _, c := range m {
			n += c
		}
		if n == 0 {
			return 0, 0, 0
		}
		return 100 * float64(m[ScaleRegional]) / float64(n),
			100 * float64(m[ScaleNational]+m[ScaleInternational]) / float64(n), n
	}
	for _, s := range []Sector{SectorIndustrie, SectorBTP, SectorCommerce} {
		reg, wide, n := share(s)
		f.Detail[string(s)+"_regional"] = reg
		f.Detail[string(s)+"_national_international"] = wide
		leansRegional := reg > wide
		if n == 0 || leansRegional != (s != SectorCommerce) {
			f.Holds = false
		}
	}
	return f
}

// domainRanking checks that companies' partnerships rank the seed's six
// domains in its order, each above every domain the seed does not name.
// Detail has the count of every domain with at least one partnership.
func domainRanking(counts map[Domain]int64) Figure {
	f := Figure{ID: "company_domain_ranking", Kind: FigureComparison,
		Label:  "Domaines des partenariats d'entreprises : insertion, diversité & handicap, éducation & jeunesse, culture, sport, environnement",
		Detail: map[string]float64{}, Holds: true}
	var total int64
	for d, c := range counts {
		if c != 0 {
			total += c
			f.Detail[string(d)] = float64(c)
		}
	}
	ranked := map[Domain]bool{}
	for i, d := range CompanyDomainRanking {
		ranked[d] = true
		if i > 0 && counts[d] >= counts[CompanyDomainRanking[i-1]] {
			f.Holds = false
		}
	}
	last := counts[CompanyDomainRanking[len(CompanyDomainRanking)-1]]
	for d, c := range counts {
		if c != 0 && !ranked[d] && c >= last {
			f.Holds = false
		}
	}
	if total == 0 {
		f.Holds = false
	}
	f.Numerator, f.Denominator = float64(counts[DomainInsertionEmploi]), float64(total)
	if total > 0 {
		f.Value = 100 * f.Numerator / f.Denominator
	}
	return f
}
