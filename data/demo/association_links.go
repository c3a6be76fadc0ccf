package demo

import "github.com/maillage/maillage/geo"

// associationPartnerKind is who an association partners with outside
// companies, by category.
func associationPartnerKind(r *rng, c geo.Category) geo.ActorKind {
	switch c {
	case geo.CategoryMecenat:
		return []geo.ActorKind{geo.KindClubEntreprises, geo.KindAutre, geo.KindCollectivite}[r.pick([]float64{0.5, 0.35, 0.15})]
	case geo.CategoryPratiquesResponsables:
		return []geo.ActorKind{geo.KindCollectivite, geo.KindEtat, geo.KindEnseignement}[r.pick([]float64{0.5, 0.3, 0.2})]
	case geo.CategoryCooperationEconomique:
		return []geo.ActorKind{geo.KindCollectivite, geo.KindEnseignement, geo.KindEtat, geo.KindAssociation}[r.pick([]float64{0.4, 0.2, 0.2, 0.2})]
	}
	return []geo.ActorKind{geo.KindEnseignement, geo.KindAutre, geo.KindCollectivite, geo.KindAssociation}[r.pick([]float64{0.35, 0.25, 0.2, 0.2})]
}

// linkAssociation adds one partnership of the given category to association
// a with a partner outside companies, as close as possible.
func (gen *generator) linkAssociation(r *rng, a int, cat geo.Category, dom geo.Domain, withAssociations bool) bool {
	kind := associationPartnerKind(r, cat)
	for !withAssociations && kind == geo.KindAssociation {
		kind = associationPartnerKind(r, cat)
	}
	for _, s := range []geo.Scale{geo.ScaleLocal, geo.ScaleRegional, geo.ScaleNational} {
		var accept func(int) bool
		if kind == geo.KindAssociation {
			accept = func(j int) bool { return gen.pop.plans[j].categories[indexOf(geo.Categories, cat)] }
		}
		if j, ok := gen.findPartner(r, a, kind, s, accept); ok {
			gen.link(r, a, j, cat, dom)
			return true
		}
	}
	return false
}

// linkAssociations completes the associations: every planned category gets
// a partnership, then partnerships are added, to associations with the fewest
// first, until the planned total and the associations' average both hold.
func (gen *generator) linkAssociations(assocs []int) {
	r := gen.r.fork("association-links")
	domain := func(a int) geo.Domain {
		if r.bernoulli(0.6) {
			return gen.pop.plans[a].mainDomain
		}
		return drawDomain(r)
	}
	for _, a := range assocs {
		for c, yes := range gen.pop.plans[a].categories {
			if yes && !gen.covered[a][c] {
				gen.linkAssociation(r, a, geo.Categories[c], domain(a), true)
			}
		}
	}
	ends := 0
	for _, a := range assocs {
		ends += gen.load[a]
	}
	wantEnds := round(gen.plan.assocAvg * float64(len(assocs)))
	remaining := gen.plan.partnerships - len(gen.links)
	// Each partnership between two associations adds two ends, any other one.
	pairs := min(max(wantEnds-ends-remaining, 0), remaining)
	light := func() int {
		best := assocs[r.intn(len(assocs))]
		for t := 0; t < 3; t++ {
			if c := assocs[r.intn(len(assocs))]; gen.load[c] < gen.load[best] {
				best = c
			}
		}
		return best
	}
	for made, tries := 0, 0; made < pairs && tries < 50*remaining; tries++ {
		a := light()
		cat := gen.categoryFor(r, a)
		for _, s := range []geo.Scale{geo.ScaleLocal, geo.ScaleRegional, geo.ScaleNational} {
			j, ok := gen.findPartner(r, a, geo.KindAssociation, s, func(j int) bool {
				return gen.pop.plans[j].categories[indexOf(geo.Categories, cat)]
			})
			if ok {
				gen.link(r, a, j, cat, domain(a))
				made++
				break
			}
		}
	}
	for tries := 0; len(gen.links) < gen.plan.partnerships && tries < 50*remaining; tries++ {
		a := light()
		gen.linkAssociation(r, a, gen.categoryFor(r, a), domain(a), false)
	}
}
