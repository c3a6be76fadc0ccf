package demo

import (
	"github.com/maillage/maillage/geo"
)

// addAssociations creates the associations and decides which partner and
// with which categories. Rates are exact: chooseExactly picks exactly the
// planned number in each group, weighted by main domain so that groups differ
// as they do in real life while structures d'insertion stay the most active.
func (gen *generator) addAssociations() {
	r, p, g, pop := gen.r.fork("associations"), gen.plan, gen.geo, &gen.pop
	employers := round(p.employerShare * float64(p.associations))
	partnering := round(p.assocRate * float64(p.associations))
	employerPartnering := round(p.assocEmployerRate * float64(employers))
	insertionPartnering := round(p.insertionRate * float64(p.insertion))

	type draft struct {
		employer, insertion bool
		domain              geo.Domain
	}
	drafts := make([]draft, p.associations)
	for i := range drafts {
		d := &drafts[i]
		d.insertion = i < p.insertion
		d.employer = i < employers
		if d.insertion {
			d.domain = geo.DomainInsertionEmploi
		} else {
			d.domain = drawDomain(r)
		}
	}
	chosen := make([]bool, len(drafts))
	pickAmong := func(from, to, k int) {
		c := r.chooseExactly(to-from, k, func(i int) float64 { return domainPartnering[drafts[from+i].domain] })
		for i, yes := range c {
			chosen[from+i] = yes
		}
	}
	pickAmong(0, p.insertion, insertionPartnering)
	pickAmong(p.insertion, employers, employerPartnering-insertionPartnering)
	pickAmong(employers, len(drafts), partnering-employerPartnering)

	first := len(pop.actors)
	for i, d := range drafts {
		c := gen.everyone.draw(r)
		a := geo.Actor{Kind: geo.KindAssociation, CommuneCode: c, Country: "FR", Location: g.pointIn(c),
			Precision: geo.PrecisionApproximate, Employer: d.employer, Insertion: d.insertion,
			RNA: rnaFor(r, g.byCode[c].DepartementCode), Reach: geo.ScaleLocal,
			Name: associationName(r, string(d.domain), g.byCode[c].Name)}
		if d.employer {
			a.Employees = 1 + r.intn(40)
			if d.insertion {
				a.Employees = 10 + r.intn(70)
			}
		}
		switch x := r.float(); {
		case x < 0.08:
			a.Reach = geo.ScaleNational // a local branch of a national federation
		case x < 0.25:
			a.Reach = geo.ScaleRegional
		}
		idx := pop.add(a, g.place(c))
		pop.plans[idx].partnering = chosen[i]
		pop.plans[idx].mainDomain = d.domain
	}
	gen.assignCategories(first, len(pop.actors), partnering)
}

// assignCategories gives each partnering association the set of categories
// its partnerships must cover, with exact totals per category and at least
// one category each.
func (gen *generator) assignCategories(from, to, partnering int) {
	r, pop := gen.r.fork("categories"), &gen.pop
	var ids []int
	for i := from; i < to; i++ {
		if pop.plans[i].partnering {
			ids = append(ids, i)
		}
	}
	want := [4]int{}
	for c := range want {
		want[c] = round(gen.plan.assocCategoryRates[c] * float64(partnering))
	}
	mecenat := r.chooseExactly(len(ids), want[0], func(int) float64 { return 1 })
	var without []int
	for k, i := range ids {
		pop.plans[i].categories[0] = mecenat[k]
		if !mecenat[k] {
			without = append(without, i)
		}
	}
	// Every association without mécénat takes one of the other three first,
	// in proportion to their totals; the rest of each total goes at random.
	left := [4]int{0, want[1], want[2], want[3]}
	for _, i := range without {
		c := 1 + r.pick([]float64{float64(left[1]), float64(left[2]), float64(left[3])})
		pop.plans[i].categories[c] = true
		left[c]--
	}
	for c := 1; c < 4; c++ {
		var free []int
		for _, i := range ids {
			if !pop.plans[i].categories[c] {
				free = append(free, i)
			}
		}
		pick := r.chooseExactly(len(free), left[c], func(int) float64 { return 1 })
		for k, i := range free {
			if pick[k] {
				pop.plans[i].categories[c] = true
			}
		}
	}
}

// companySizes are the headcount ranges of the four size bands the plan counts.
var companySizes = [4][2]int{{1, 9}, {10, 249}, {250, 999}, {1000, 20000}}

// addCompanies creates the companies and their calibration flags. Partnering
// companies that must have a local partner are placed in the EPCI of a
// partnering association, as partnerships concentrate where partners are.
func (gen *generator) addCompanies() {
	r, p, g, pop := gen.r.fork("companies"), gen.plan, gen.geo, &gen.pop
	c10 := p.companiesBySize[1] + p.companiesBySize[2] + p.companiesBySize[3]
	k1000 := round(p.company1000Rate * float64(p.companiesBySize[3]))
	k250 := round(p.company250Rate * float64(p.companiesBySize[2]))
	k10 := round(p.company10Rate*float64(c10)) - k1000 - k250
	partnersBySize := [4]int{p.companySmallPartnering, k10, k250, k1000}

	type draft struct {
		size       int
		sector     geo.Sector
		partnering bool
	}
	var drafts []draft
	for size, n := range p.companiesBySize {
		chosen := r.chooseExactly(n, partnersBySize[size], func(int) float64 { return 1 })
		for i := 0; i < n; i++ {
			drafts = append(drafts, draft{size: size, sector: drawSector(r), partnering: chosen[i]})
		}
	}
	// Flags among partnering companies, exact totals; industry and
	// construction more often regional, commerce less (the seed's remark).
	var partners []int
	for i, d := range drafts {
		if d.partnering {
			partners = append(partners, i)
		}
	}
	n := len(partners)
	flag := func(rate float64, w func(d draft) float64) []bool {
		return r.chooseExactly(n, round(rate*float64(n)), func(k int) float64 { return w(drafts[partners[k]]) })
	}
	one := func(draft) float64 { return 1 }
	insertion := flag(p.companyInsertion, one)
	local := flag(p.companyLocal, func(d draft) float64 {
		if d.sector == geo.SectorCommerce {
			return 0.8
		}
		return 1
	})
	regional := flag(p.companyRegional, func(d draft) float64 {
		switch d.sector {
		case geo.SectorIndustrie, geo.SectorBTP:
			return 2.5
		case geo.SectorCommerce:
			return 0.4
		}
		return 1
	})
	collectivite := flag(p.companyCollectivite, one)
	flagsOf := map[int]actorPlan{}
	for k, i := range partners {
		flagsOf[i] = actorPlan{partnering: true, insertion: insertion[k], local: local[k],
			regional: regional[k], collectivite: collectivite[k]}
	}

	var assocLocal []string // communes of partnering associations
	for i, pl := range pop.plans {
		if pl.partnering && pop.actors[i].Kind == geo.KindAssociation {
			assocLocal = append(assocLocal, pop.actors[i].CommuneCode)
		}
	}
	for i, d := range drafts {
		plan := flagsOf[i]
		c := gen.everyone.draw(r)
		if plan.local {
			// the commune of a partnering association, or another of its EPCI
			near := gen.geo.place(assocLocal[r.intn(len(assocLocal))])
			c = gen.inLocalArea(r, near)
		}
		size := companySizes[d.size]
		a := geo.Actor{Kind: geo.KindEntreprise, CommuneCode: c, Country: "FR", Location: g.pointIn(c),
			Precision: geo.PrecisionApproximate, SIREN: sirenFor(r), Sector: d.sector,
			Employees: size[0] + r.intn(size[1]-size[0]+1), Name: companyName(r, g.byCode[c].Name)}
		a.Reach = []geo.Scale{geo.ScaleLocal, geo.ScaleRegional, geo.ScaleNational, geo.ScaleInternational}[min(d.size, 3)]
		idx := pop.add(a, g.place(c))
		pop.plans[idx] = plan
	}
}

// inLocalArea draws a commune local to p (same EPCI, or p's own commune when
// it has no EPCI), in proportion to population.
func (gen *generator) inLocalArea(r *rng, p geo.Place) string {
	if p.EPCI == "" || r.bernoulli(0.3) {
		return p.Commune
	}
	w := gen.epciCommunes[p.EPCI]
	if w == nil {
		return p.Commune
	}
	return w.draw(r)
}
