package demo

import (
	"fmt"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// actorPlan is what the generator decides about an actor before drawing its
// partnerships: whether it partners at all and which facts its partnerships
// must make true (the calibration flags).
type actorPlan struct {
	partnering bool
	// companies: has ≥1 partnership in insertion_emploi / local / regional / with a collectivité
	insertion, local, regional, collectivite bool
	degree                                   int
	// associations: the categories its partnerships must cover, exactly
	categories [4]bool
	mainDomain geo.Domain
}

// population is the actors with their places and plans, indexed by id-1.
type population struct {
	actors []geo.Actor
	places []geo.Place
	plans  []actorPlan
}

func (p *population) add(a geo.Actor, pl geo.Place) int {
	a.ID = int64(len(p.actors) + 1)
	p.actors = append(p.actors, a)
	p.places = append(p.places, pl)
	p.plans = append(p.plans, actorPlan{})
	return len(p.actors) - 1
}

// foreignCities are where actors abroad sit: cross-border partners of French
// organisations.
var foreignCities = []struct {
	country, name string
	lon, lat      float64
}{
	{"BE", "Bruxelles", 4.3517, 50.8503}, {"BE", "Liège", 5.5797, 50.6326}, {"LU", "Luxembourg", 6.1296, 49.6116},
	{"DE", "Sarrebruck", 6.9969, 49.2402}, {"DE", "Fribourg-en-Brisgau", 7.8421, 47.999}, {"CH", "Genève", 6.1432, 46.2044},
	{"CH", "Bâle", 7.5886, 47.5596}, {"CH", "Lausanne", 6.6323, 46.5197}, {"IT", "Turin", 7.6869, 45.0703},
	{"ES", "Barcelone", 2.1734, 41.3851}, {"ES", "Saint-Sébastien", -1.9812, 43.3183}, {"GB", "Londres", -0.1276, 51.5072},
	{"NL", "Amsterdam", 4.9041, 52.3676}, {"SN", "Dakar", -17.4677, 14.7167}, {"MA", "Casablanca", -7.5898, 33.5731},
}

// domainShares is how associations' main domains are spread (France
// Bénévolat / INJEP orders of magnitude), and domainPartnering how likely
// each group is to partner relative to the others.
var (
	domainShares = map[geo.Domain]float64{
		geo.DomainSport: 0.24, geo.DomainCulture: 0.20, geo.DomainSolidarite: 0.15, geo.DomainEducationJeunesse: 0.12,
		geo.DomainSante: 0.06, geo.DomainEnvironnement: 0.06, geo.DomainDiversiteHandicap: 0.04,
		geo.DomainInsertionEmploi: 0.03, geo.DomainNumerique: 0.02, geo.DomainMobilite: 0.02, geo.DomainAutre: 0.06,
	}
	domainPartnering = map[geo.Domain]float64{
		geo.DomainInsertionEmploi: 1.4, geo.DomainSolidarite: 1.3, geo.DomainEducationJeunesse: 1.2,
		geo.DomainEnvironnement: 1.1, geo.DomainDiversiteHandicap: 1.2, geo.DomainCulture: 1.0, geo.DomainSante: 1.0,
		geo.DomainNumerique: 1.1, geo.DomainMobilite: 1.0, geo.DomainSport: 0.8, geo.DomainAutre: 0.7,
	}
	sectorShares = []struct {
		s geo.Sector
		w float64
	}{{geo.SectorIndustrie, 0.14}, {geo.SectorBTP, 0.12}, {geo.SectorCommerce, 0.22}, {geo.SectorServices, 0.40},
		{geo.SectorAgriculture, 0.06}, {geo.SectorAutre, 0.06}}
)

func drawDomain(r *rng) geo.Domain {
	w := make([]float64, len(geo.Domains))
	for i, d := range geo.Domains {
		w[i] = domainShares[d]
	}
	return geo.Domains[r.pick(w)]
}

func drawSector(r *rng) geo.Sector {
	w := make([]float64, len(sectorShares))
	for i, s := range sectorShares {
		w[i] = s.w
	}
	return sectorShares[r.pick(w)].s
}

// sirenFor makes a synthetic SIREN passing the Luhn check; the 8-digit stem
// starts with 9, a range the INSEE keeps for special registrations, which
// keeps the demo away from most real companies.
func sirenFor(r *rng) string {
	return geo.LuhnComplete(fmt.Sprintf("9%07d", r.intn(10_000_000)))
}

// rnaFor makes a synthetic RNA number: W, the département's greffe prefix on
// three characters, six digits.
func rnaFor(r *rng, dep string) string {
	prefix := dep + "1"
	if len(dep) == 3 {
		prefix = dep
	}
	return fmt.Sprintf("W%s%06d", prefix, r.intn(1_000_000))
}

// point is a commune's interior point: where its seats and named
// organisations are placed.
func (g *geography) point(commune string) orb.Point {
	return g.anchor[commune]
}

// pointIn draws a place inside a commune's area for one of its actors,
// from the geography's own stream of draws.
func (g *geography) pointIn(commune string) orb.Point {
	return randomIn(g.byCode[commune].Geometry, g.places, 50)
}

// addPublicActors creates the collectivités (régions, départements, large
// EPCIs and towns), State services, schools, business clubs and other
// organisations, at their seats or in proportion to population.
func (gen *generator) addPublicActors() {
	g, r, pop := gen.geo, gen.r.fork("public"), &gen.pop
	at := func(kind geo.ActorKind, name, commune string, reach geo.Scale, siren string) {
		a := geo.Actor{Name: name, Kind: kind, CommuneCode: commune, Country: "FR", Location: g.point(commune),
			Precision: geo.PrecisionApproximate, Reach: reach, SIREN: siren, Sector: geo.SectorPublic}
		pop.add(a, g.place(commune))
	}
	for _, reg := range g.regions {
		at(geo.KindCollectivite, "Région "+reg.Name, g.regionSeat[reg.Code], geo.ScaleRegional, "")
	}
	for _, d := range g.departements {
		at(geo.KindCollectivite, "Département "+d.Name, g.depSeat[d.Code], geo.ScaleRegional, "")
	}
	for _, e := range g.epcis {
		if e.Population >= 50_000 {
			at(geo.KindCollectivite, e.Name, g.epciSeat[e.Code], geo.ScaleLocal, e.Code)
		}
	}
	for _, c := range g.communes {
		if c.Population >= 30_000 {
			at(geo.KindCollectivite, "Mairie de "+c.Name, c.Code, geo.ScaleLocal, "")
		}
	}
	for _, d := range g.departements {
		at(geo.KindEtat, "Préfecture de "+d.Name, g.depSeat[d.Code], geo.ScaleRegional, "")
	}
	towns := newWeightedCommunes(g.communes, func(t *geo.Territory) bool { return t.Population >= 5_000 })
	for i := len(g.departements); i < gen.plan.etat; i++ {
		c := towns.draw(r)
		at(geo.KindEtat, stemName(r, stateStems, g.byCode[c].Name), c, geo.ScaleRegional, "")
	}
	schoolTowns := newWeightedCommunes(g.communes, func(t *geo.Territory) bool { return t.Population >= 2_000 })
	for i := 0; i < gen.plan.enseignement; i++ {
		c := schoolTowns.draw(r)
		reach := geo.ScaleLocal
		if r.bernoulli(0.2) {
			reach = geo.ScaleRegional
		}
		at(geo.KindEnseignement, stemName(r, schoolStems, g.byCode[c].Name), c, reach, "")
	}
	clubTowns := newWeightedCommunes(g.communes, func(t *geo.Territory) bool { return t.Population >= 10_000 })
	for i := 0; i < gen.plan.clubs; i++ {
		c := clubTowns.draw(r)
		at(geo.KindClubEntreprises, stemName(r, clubStems, g.byCode[c].Name), c, geo.ScaleLocal, "")
	}
	for i := 0; i < gen.plan.autres; i++ {
		c := gen.everyone.draw(r)
		reach := []geo.Scale{geo.ScaleLocal, geo.ScaleRegional, geo.ScaleNational}[r.intn(3)]
		at(geo.KindAutre, stemName(r, otherStems, g.byCode[c].Name), c, reach, "")
	}
}

// addAbroad creates partners located outside France: they have no commune,
// and any partnership with them is international.
func (gen *generator) addAbroad() {
	r, pop := gen.r.fork("abroad"), &gen.pop
	kinds := []geo.ActorKind{geo.KindEntreprise, geo.KindAssociation, geo.KindAutre}
	for i := 0; i < gen.plan.abroad; i++ {
		city := foreignCities[r.intn(len(foreignCities))]
		kind := kinds[r.pick([]float64{0.4, 0.4, 0.2})]
		a := geo.Actor{Kind: kind, Country: city.country, Precision: geo.PrecisionApproximate,
			Location: roundPoint(orb.Point{city.lon + 0.05*r.normal(), city.lat + 0.03*r.normal()}),
			Reach:    geo.ScaleInternational}
		switch kind {
		case geo.KindEntreprise:
			a.Name = companyName(r, city.name)
			a.Employees = 250 + r.intn(5000)
			a.Sector = drawSector(r)
		case geo.KindAssociation:
			a.Name = fmt.Sprintf("ONG %s (%s)", companyTails[r.intn(len(companyTails))], city.name)
			a.Domains = []geo.Domain{drawDomain(r)}
		default:
			a.Name = stemName(r, otherStems, city.name)
		}
		pop.add(a, geo.Place{Country: city.country})
	}
}
