package demo

import "github.com/maillage/maillage/geo"

// pools index the actors a partnership may reach, by kind and by where they
// are, so that a partner at a required scale is found without scanning.
type pools struct {
	local  map[geo.ActorKind]map[string][]int // local key (EPCI or commune) → actors
	region map[geo.ActorKind]map[string][]int
	all    map[geo.ActorKind][]int // in France
	abroad map[geo.ActorKind][]int
}

// buildPools indexes the actors that may be partners: for associations and
// companies only those planned to partner, for every other kind all of them.
func (gen *generator) buildPools() {
	p := &pools{local: map[geo.ActorKind]map[string][]int{}, region: map[geo.ActorKind]map[string][]int{},
		all: map[geo.ActorKind][]int{}, abroad: map[geo.ActorKind][]int{}}
	for i, a := range gen.pop.actors {
		pl := gen.pop.places[i]
		if pl.Abroad() {
			p.abroad[a.Kind] = append(p.abroad[a.Kind], i)
			continue
		}
		if (a.Kind == geo.KindAssociation || a.Kind == geo.KindEntreprise) && !gen.pop.plans[i].partnering {
			continue
		}
		if p.local[a.Kind] == nil {
			p.local[a.Kind], p.region[a.Kind] = map[string][]int{}, map[string][]int{}
		}
		p.local[a.Kind][localKey(pl)] = append(p.local[a.Kind][localKey(pl)], i)
		p.region[a.Kind][pl.Region] = append(p.region[a.Kind][pl.Region], i)
		p.all[a.Kind] = append(p.all[a.Kind], i)
	}
	gen.pools = p
}

// findPartner returns an actor of the given kind whose partnership with from
// has the given scale, is not from itself and does not exist yet; accept may
// refuse candidates. Among a few eligible candidates it takes the least
// loaded, which spreads partnerships as real networks spread them.
func (gen *generator) findPartner(r *rng, from int, kind geo.ActorKind, scale geo.Scale, accept func(int) bool) (int, bool) {
	here := gen.pop.places[from]
	var cands []int
	switch scale {
	case geo.ScaleLocal:
		cands = gen.pools.local[kind][localKey(here)]
	case geo.ScaleRegional:
		cands = gen.pools.region[kind][here.Region]
	case geo.ScaleNational:
		cands = gen.pools.all[kind]
	case geo.ScaleInternational:
		cands = gen.pools.abroad[kind]
		if here.Abroad() {
			cands = gen.pools.all[kind]
		}
	}
	if len(cands) == 0 {
		return 0, false
	}
	best, found := 0, 0
	tries := 40
	if len(cands) < tries {
		tries = 2 * len(cands)
	}
	for t := 0; t < tries && found < 4; t++ {
		c := cands[r.intn(len(cands))]
		if c == from || gen.paired[pairKey(from, c)] || geo.PartnerScale(here, gen.pop.places[c]) != scale {
			continue
		}
		if accept != nil && !accept(c) {
			continue
		}
		if found == 0 || gen.load[c] < gen.load[best] {
			best = c
		}
		found++
	}
	return best, found > 0
}

func pairKey(a, b int) [2]int {
	if a > b {
		a, b = b, a
	}
	return [2]int{a, b}
}
