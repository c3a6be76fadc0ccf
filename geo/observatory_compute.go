package geo

// The RAMEAU 2015 reference values (reference/rameau-2015.md), in the unit
// of each figure.
const (
	refPartnershipsFrance = 1.2e6
)

// CompanyDomainRanking is the order the seed gives for the domains of
// companies' partnerships, most frequent first.
var CompanyDomainRanking = []Domain{DomainInsertionEmploi, DomainDiversiteHandicap,
	DomainEducationJeunesse, DomainCulture, DomainSport, DomainEnvironnement}

// actorTally is what the observatory needs to know of one actor in scope.
type actorTally struct {
	partnerships int
	categories   map[Category]bool
	domains      map[Domain]bool
	scales       map[Scale]bool
	partnerKinds map[ActorKind]bool
}

func (t *actorTally) add(p Partnership, partner ActorKind) {
	if t.categories == nil {
		t.categories = map[Category]bool{}
		t.domains = map[Domain]bool{}
		t.scales = map[Scale]bool{}
		t.partnerKinds = map[ActorKind]bool{}
	}
	t.partnerships++
	t.categories[p.Category] = true
	t.domains[p.Domain] = true
	t.scales[p.Scale] = true
	t.partnerKinds[partner] = true
}

// ComputeObservatory recomputes every RAMEAU 2015 figure from rows
// (definitions in reference/rameau-2015.md). Rates have the actors of a group
// as denominator and those with at least one partnership as numerator; an
// actor counts each of its own partnerships, so a partnership between two
// associations counts once for each. A rate over an empty group is 0 with a
// zero denominator, which callers show as "no data". Actors abroad are never
// in scope: Le RAMEAU surveys French organisations, though their partnerships
// with foreign partners count. The result does not depend on the order of the
// input slices.
func ComputeObservatory(in ObservatoryInput) Observatory {
	inScope := make(map[int64]*Actor, len(in.Actors))
	var actors []*Actor
	for i := range in.Actors {
		if a := &in.Actors[i]; !a.Abroad() {
			inScope[a.ID] = a
			actors = append(actors, a)
		}
	}
	tallies := make(map[int64]*actorTally, len(in.Actors))
	tally := func(id int64) *actorTally {
		t := tallies[id]
		if t == nil {
			t = &actorTally{}
			tallies[id] = t
		}
		return t
	}
	var total int
	sectorScales := map[Sector]map[Scale]int{}
	companyDomains := map[Domain]int{}
	for _, p := range in.Partnerships {
		a, aIn := inScope[p.ActorA]
		b, bIn := inScope[p.ActorB]
		if !aIn && !bIn {
			continue
		}
		total++
		if aIn {
			tally(p.ActorA).add(p, in.Kinds[p.ActorB])
		}
		if bIn {
			tally(p.ActorB).add(p, in.Kinds[p.ActorA])
		}
		// Sector lean and domain ranking look at partnerships from the company's
		// side: each company end in scope counts the partnership once.
		companyEnd := false
		for _, end := range []*Actor{a, b} {
			if end == nil || end.Kind != KindEntreprise {
				continue
			}
			companyEnd = true
			if sectorScales[end.Sector] == nil {
				sectorScales[end.Sector] = map[Scale]int{}
			}
			sectorScales[end.Sector][p.Scale]++
		}
		if companyEnd {
			companyDomains[p.Domain]++
		}
	}

	var (
		assoc, assocEmployer, company10, company1000, companies rate
		insertion                                               rate
		assocGroups                                             = map[string]*rate{}
		assocCats                                               = map[Category]*rate{}
		assocAvg, companyAvg                                    rate
		companyInsertion, companyLocal, companyRegional         rate
		companyCollectivite                                     rate
	)
	for _, c := range Categories {
		assocCats[c] = &rate{}
	}
	for _, a := range actors {
		t := tallies[a.ID]
		partnering := t != nil && t.partnerships > 0
		switch a.Kind {
		case KindAssociation:
			assoc.count(partnering)
			if a.Employer {
				assocEmployer.count(partnering)
			}
			if a.Insertion {
				insertion.count(partnering)
			} else {
				g := associationGroup(*a)
				if assocGroups[g] == nil {
					assocGroups[g] = &rate{}
				}
				assocGroups[g].count(partnering)
			}
			if partnering {
				for _, c := range Categories {
					assocCats[c].count(t.categories[c])
				}
				assocAvg.num += float64(t.partnerships)
				assocAvg.den++
			}
		case KindEntreprise:
			companies.count(partnering)
			if a.Employees >= 10 {
				company10.count(partnering)
			}
			if a.Employees >= 1000 {
				company1000.count(partnering)
			}
			if partnering {
				companyAvg.num += float64(t.partnerships)
				companyAvg.den++
				companyInsertion.count(t.domains[DomainInsertionEmploi])
				companyLocal.count(t.scales[ScaleLocal])
				companyRegional.count(t.scales[ScaleRegional])
				companyCollectivite.count(t.partnerKinds[KindCollectivite])
			}
		}
	}

	insertionFig := percent("insertion_most_active",
		"Les structures d'insertion ont le taux de partenariat le plus élevé des associations", insertion, 0)
	insertionFig.Kind = FigureComparison
	insertionFig.Detail = map[string]float64{"insertion": insertion.percent()}
	insertionFig.Holds = insertion.den > 0
	for g, r := range assocGroups {
		insertionFig.Detail[g] = r.percent()
		if r.den > 0 && r.percent() >= insertion.percent() {
			insertionFig.Holds = false
		}
	}

	scale := in.ScaleFactor
	if scale == 0 {
		scale = 1
	}
	figs := []Figure{
		percent("assoc_partnering", "Associations ayant au moins un partenariat", assoc, 38),
		percent("assoc_employer_partnering", "Associations employeuses ayant au moins un partenariat", assocEmployer, 53),
		insertionFig,
		percent("company10_partnering", "Entreprises de 10 salariés et plus ayant au moins un partenariat", company10, 37),
		percent("company1000_partnering", "Entreprises de 1000 salariés et plus ayant au moins un partenariat", company1000, 49),
		{ID: "partnerships_total", Label: "Partenariats, rapportés à la France entière", Kind: FigureCount,
			Value: float64(total) * scale, Numerator: float64(total), Denominator: 1 / scale, Reference: refPartnershipsFrance},
		percent("assoc_mecenat", "Associations partenaires bénéficiant de mécénat", *assocCats[CategoryMecenat], 67),
		percent("assoc_pratiques_responsables", "Associations partenaires construisant des pratiques responsables", *assocCats[CategoryPratiquesResponsables], 29),
		percent("assoc_cooperation_economique", "Associations partenaires en coopération économique", *assocCats[CategoryCooperationEconomique], 26),
		percent("assoc_innovation_societale", "Associations partenaires contribuant à l'innovation sociétale", *assocCats[CategoryInnovationSocietale], 25),
		average("assoc_avg_partnerships", "Partenariats par association partenaire", assocAvg, 4.5),
		average("company_avg_partnerships", "Partenariats par entreprise partenaire", companyAvg, 5.1),
		percent("company_insertion", "Entreprises partenaires engagées dans l'insertion professionnelle", companyInsertion, 62),
		percent("company_local_partner", "Entreprises partenaires ayant au moins un partenariat local", companyLocal, 75),
		percent("company_regional_partner", "Entreprises partenaires ayant au moins un partenariat régional", companyRegional, 50),
		sectorLean(sectorScales),
		percent("company_collectivite", "Entreprises partenaires ayant un partenariat avec une collectivité", companyCollectivite, 52),
		domainRanking(companyDomains),
	}
	return Observatory{Level: in.Level, Territory: in.Territory, Figures: figs}
}

// associationGroup is the comparison group of an association that is not a
// structure d'insertion: its main (first) domain of action.
func associationGroup(a Actor) string {
	if len(a.Domains) == 0 {
		return string(DomainAutre)
	}
	return string(a.Domains[0])
}

type rate struct{ num, den float64 }

func (r *rate) count(yes bool) {
	r.den++
	if yes {
		r.num++
	}
}

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

// sectorLean checks the seed's remark that industry and construction lean
// regional while commerce leans national and international, on the
// partnerships of companies of each sector.
func sectorLean(bySector map[Sector]map[Scale]int) Figure {
	f := Figure{ID: "sector_lean", Kind: FigureComparison,
		Label:  "L'industrie et le BTP penchent vers le régional, le commerce vers le national et l'international",
		Detail: map[string]float64{}, Holds: true}
	share := func(s Sector) (regional, wider float64, n int) {
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
func domainRanking(counts map[Domain]int) Figure {
	f := Figure{ID: "company_domain_ranking", Kind: FigureComparison,
		Label:  "Domaines des partenariats d'entreprises : insertion, diversité & handicap, éducation & jeunesse, culture, sport, environnement",
		Detail: map[string]float64{}, Holds: true}
	total := 0
	for _, c := range counts {
		total += c
	}
	for d, c := range counts {
		f.Detail[string(d)] = float64(c)
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
		if !ranked[d] && c >= last {
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
