package geo

import "context"

// PartneringCount is the two halves of a partnering rate: the actors of a
// group, and among them those with at least one partnership.
type PartneringCount struct {
	Actors     int64
	Partnering int64
}

// ObservatoryCounts are the counts every RAMEAU figure of one scope is built
// from (ObservatoryFromCounts), and nothing else: each is a count over the
// actors in scope or over the partnerships with at least one end among them,
// so that a database can compute them where the rows live and send a few
// dozen numbers, while the figures (labels, references, rates, comparisons)
// keep one definition. CountObservatory computes them from rows.
//
// An actor counts each of its own partnerships ("ends"): a partnership
// between two associations in scope is one partnership but two association
// ends. "Partnering" means having at least one partnership. Maps hold only
// non-zero counts (a group with no actor, a domain with no partnership is
// absent), so that two stores' counts compare with ==; a missing key reads
// as zero.
type ObservatoryCounts struct {
	// Partnerships is the number of partnerships with at least one end in
	// scope, each counted once.
	Partnerships int64

	// Associations are the associations in scope; EmployerAssociations and
	// InsertionAssociations those that pay staff and the structures
	// d'insertion among them.
	Associations, EmployerAssociations, InsertionAssociations PartneringCount
	// AssociationGroups are the other associations (not structures
	// d'insertion) by main domain of action, the first they declare
	// (DomainAutre when they declare none): the groups insertion structures
	// are compared with.
	AssociationGroups map[Domain]PartneringCount
	// AssociationEnds is the number of partnerships of the associations in
	// scope, each counted once per association end in scope.
	AssociationEnds int64
	// AssociationCategories counts the partnering associations with at
	// least one partnership of each category.
	AssociationCategories map[Category]int64

	// Companies are the companies (KindEntreprise) in scope; Companies10 and
	// Companies1000 those with at least 10 and at least 1000 employees.
	Companies, Companies10, Companies1000 PartneringCount
	// CompanyEnds is the number of partnerships of the companies in scope,
	// each counted once per company end in scope.
	CompanyEnds int64
	// CompanyInsertion, CompanyLocal, CompanyRegional and
	// CompanyCollectivite count the partnering companies with at least one
	// partnership in insertion_emploi, at local scale, at regional scale,
	// and with a collectivité (in scope or not).
	CompanyInsertion, CompanyLocal, CompanyRegional, CompanyCollectivite int64
	// CompanyScales counts company ends in scope by the company's sector
	// ("" when unknown) and the partnership's scale.
	CompanyScales map[Sector]map[Scale]int64
	// CompanyDomains counts, by domain, the partnerships with at least one
	// company end in scope, each once.
	CompanyDomains map[Domain]int64
}

// count adds one actor of the group.
func (c *PartneringCount) count(partnering bool) {
	c.Actors++
	if partnering {
		c.Partnering++
	}
}

// rate is the count as the numerator and denominator of a figure.
func (c PartneringCount) rate() rate {
	return rate{num: float64(c.Partnering), den: float64(c.Actors)}
}

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

// CountObservatory reduces the rows of one scope to the counts the figures
// are built from; see ObservatoryCounts for what each counts. Actors abroad
// are never in scope: Le RAMEAU surveys French organisations, though their
// partnerships with foreign partners count. An inactive actor (closed or
// dissolved) is in scope for its partnerships, which keep counting, but
// not counted among the associations or companies. The kind of a partner
// comes from in.Kinds, in scope or not. The result does not depend on the
// order of the input slices. A done ctx stops the count with ctx's error
// (checked every few thousand rows: France on a national dataset held in
// memory is millions of them).
func CountObservatory(ctx context.Context, in ObservatoryInput) (ObservatoryCounts, error) {
	inScope := make(map[int64]*Actor, len(in.Actors))
	var actors []*Actor
	for i := range in.Actors {
		if i%4096 == 4095 && ctx.Err() != nil {
			return ObservatoryCounts{}, ctx.Err()
		}
		if a := &in.Actors[i]; !a.Abroad() {
			inScope[a.ID] = a
			actors = append(actors, a)
		}
	}
	c := ObservatoryCounts{
		AssociationGroups:     map[Domain]PartneringCount{},
		AssociationCategories: map[Category]int64{},
		CompanyScales:         map[Sector]map[Scale]int64{},
		CompanyDomains:        map[Domain]int64{},
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
	for i, p := range in.Partnerships {
		if i%4096 == 4095 && ctx.Err() != nil {
			return ObservatoryCounts{}, ctx.Err()
		}
		a, aIn := inScope[p.ActorA]
		b, bIn := inScope[p.ActorB]
		if !aIn && !bIn {
			continue
		}
		c.Partnerships++
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
			if c.CompanyScales[end.Sector] == nil {
				c.CompanyScales[end.Sector] = map[Scale]int64{}
			}
			c.CompanyScales[end.Sector][p.Scale]++
		}
		if companyEnd {
			c.CompanyDomains[p.Domain]++
		}
	}

	for _, a := range actors {
		if a.Inactive {
			continue // its partnerships count above; it no longer counts as an actor
		}
		t := tallies[a.ID]
		partnering := t != nil && t.partnerships > 0
		switch a.Kind {
		case KindAssociation:
			c.Associations.count(partnering)
			if a.Employer {
				c.EmployerAssociations.count(partnering)
			}
			if a.Insertion {
				c.InsertionAssociations.count(partnering)
			} else {
				g := associationGroup(*a)
				n := c.AssociationGroups[g]
				n.count(partnering)
				c.AssociationGroups[g] = n
			}
			if partnering {
				for _, cat := range Categories {
					if t.categories[cat] {
						c.AssociationCategories[cat]++
					}
				}
				c.AssociationEnds += int64(t.partnerships)
			}
		case KindEntreprise:
			c.Companies.count(partnering)
			if a.Employees >= 10 {
				c.Companies10.count(partnering)
			}
			if a.Employees >= 1000 {
				c.Companies1000.count(partnering)
			}
			if partnering {
				c.CompanyEnds += int64(t.partnerships)
				c.CompanyInsertion += one(t.domains[DomainInsertionEmploi])
				c.CompanyLocal += one(t.scales[ScaleLocal])
				c.CompanyRegional += one(t.scales[ScaleRegional])
				c.CompanyCollectivite += one(t.partnerKinds[KindCollectivite])
			}
		}
	}
	return c, nil
}

// associationGroup is the comparison group of an association that is not a
// structure d'insertion: its main (first) domain of action.
func associationGroup(a Actor) Domain {
	if len(a.Domains) == 0 {
		return DomainAutre
	}
	return a.Domains[0]
}

func one(yes bool) int64 {
	if yes {
		return 1
	}
	return 0
}
