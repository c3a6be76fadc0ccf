package demo

import (
	"math"
	"slices"
	"time"

	"github.com/maillage/maillage/geo"
)

// companyDomainWeights spread companies' partnerships other than insertion in
// the seed's order: diversité & handicap, éducation & jeunesse, culture,
// sport, environnement, then the domains it does not name.
var companyDomainWeights = map[geo.Domain]float64{
	geo.DomainDiversiteHandicap: 0.21, geo.DomainEducationJeunesse: 0.18, geo.DomainCulture: 0.15,
	geo.DomainSport: 0.12, geo.DomainEnvironnement: 0.10, geo.DomainSante: 0.05, geo.DomainNumerique: 0.05,
	geo.DomainSolidarite: 0.06, geo.DomainMobilite: 0.04, geo.DomainAutre: 0.04,
}

func drawCompanyDomain(r *rng) geo.Domain {
	w := make([]float64, len(geo.Domains))
	for i, d := range geo.Domains {
		w[i] = companyDomainWeights[d]
	}
	return geo.Domains[r.pick(w)]
}

// scaleWeights is how a company's partnerships spread over scales, by sector.
func scaleWeights(s geo.Sector) map[geo.Scale]float64 {
	switch s {
	case geo.SectorIndustrie, geo.SectorBTP:
		return map[geo.Scale]float64{geo.ScaleLocal: 0.30, geo.ScaleRegional: 0.50, geo.ScaleNational: 0.15, geo.ScaleInternational: 0.05}
	case geo.SectorCommerce:
		return map[geo.Scale]float64{geo.ScaleLocal: 0.30, geo.ScaleRegional: 0.12, geo.ScaleNational: 0.45, geo.ScaleInternational: 0.13}
	}
	return map[geo.Scale]float64{geo.ScaleLocal: 0.45, geo.ScaleRegional: 0.25, geo.ScaleNational: 0.25, geo.ScaleInternational: 0.05}
}

// categoryFor picks the category of a partnership with an association: one
// of the association's planned categories, one it has not covered yet first.
func (gen *generator) categoryFor(r *rng, assoc int) geo.Category {
	pl := gen.pop.plans[assoc]
	var uncovered, allowed []int
	for c, yes := range pl.categories {
		if yes {
			allowed = append(allowed, c)
			if !gen.covered[assoc][c] {
				uncovered = append(uncovered, c)
			}
		}
	}
	if len(uncovered) > 0 {
		return geo.Categories[uncovered[r.intn(len(uncovered))]]
	}
	if len(allowed) == 0 { // an association abroad: outside the calibration
		return otherCategory(r, geo.KindAssociation)
	}
	return geo.Categories[allowed[r.intn(len(allowed))]]
}

// otherCategory is the category of a partnership without an association.
func otherCategory(r *rng, kind geo.ActorKind) geo.Category {
	switch kind {
	case geo.KindCollectivite, geo.KindEtat:
		return []geo.Category{geo.CategoryPratiquesResponsables, geo.CategoryCooperationEconomique}[r.intn(2)]
	case geo.KindEnseignement:
		return []geo.Category{geo.CategoryInnovationSocietale, geo.CategoryMecenat}[r.intn(2)]
	}
	return []geo.Category{geo.CategoryCooperationEconomique, geo.CategoryInnovationSocietale, geo.CategoryMecenat}[r.intn(3)]
}

// link records a partnership between actors a and b.
func (gen *generator) link(r *rng, a, b int, cat geo.Category, dom geo.Domain) {
	for _, x := range []int{a, b} {
		gen.load[x]++
		if gen.pop.actors[x].Kind == geo.KindAssociation {
			gen.covered[x][indexOf(geo.Categories, cat)] = true
		}
	}
	gen.paired[pairKey(a, b)] = true
	start := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.intn(11*365))
	p := geo.Partnership{ID: int64(len(gen.links) + 1), ActorA: gen.pop.actors[a].ID, ActorB: gen.pop.actors[b].ID,
		Category: cat, Domain: dom, Start: start,
		Scale: geo.PartnerScale(gen.pop.places[a], gen.pop.places[b])}
	if r.bernoulli(0.12) {
		// The pair worked together before: a first partnership of one to
		// four years, ended the day before this one started. The links
		// are the calibrated mesh, all running today (the analyses count
		// today's partnerships by default); the ended ones are history
		// added to it, for the timeline and the year slider.
		prev := p
		prev.Start = start.AddDate(-(1 + r.intn(4)), 0, 0)
		prev.End = start.AddDate(0, 0, -1)
		gen.history = append(gen.history, prev)
	}
	p.Stage = stageOf(p)
	gen.links = append(gen.links, p)
}

// partnerships are the links, then the history numbered after them.
func (gen *generator) partnerships() []geo.Partnership {
	out := slices.Clone(gen.links)
	for _, h := range gen.history {
		h.ID = int64(len(out) + 1)
		h.Stage = stageOf(h)
		out = append(out, h)
	}
	return out
}

// stageYear is the year the demo's partnerships are described in: the
// barometer's, the last year they start.
const stageYear = 2015

// stageOf gives a demo partnership its life-cycle stage as of stageYear:
// one started that year is being created; one that has ended was
// evaluated two times in three; a running one is steered, and evaluated
// one time in four. The draw is a hash of the id, not of the generator's
// stream, so the stages change none of the other draws (the calibration
// holds as before).
func stageOf(p geo.Partnership) geo.Stage {
	h := uint64(p.ID) * 0x9E3779B97F4A7C15 // Fibonacci hashing: consecutive ids spread out
	draw := (h >> 32) % 100
	switch {
	case !p.End.IsZero():
		if draw < 65 {
			return geo.StageEvaluation
		}
		return geo.StagePilotage
	case p.Start.Year() >= stageYear:
		return geo.StageCreation
	case draw < 25:
		return geo.StageEvaluation
	}
	return geo.StagePilotage
}

// companyStub is one partnership a company is planned to have.
type companyStub struct {
	kind     geo.ActorKind
	scale    geo.Scale
	domain   geo.Domain
	required bool // the one partnership that makes a flag true
}

// planCompanyDegrees draws how many partnerships each partnering company
// starts, larger companies more, and fixes the total so the average holds.
func (gen *generator) planCompanyDegrees(r *rng, companies []int, total int) {
	means := []float64{3.0, 6.5, 9, 14}
	sum := 0
	for _, i := range companies {
		a := gen.pop.actors[i]
		band := 0
		switch {
		case a.Employees >= 1000:
			band = 3
		case a.Employees >= 250:
			band = 2
		case a.Employees >= 10:
			band = 1
		}
		pl := &gen.pop.plans[i]
		d := int(math.Round(means[band] * math.Exp(0.6*r.normal()-0.18)))
		pl.degree = max(d, minDegree(*pl))
		sum += pl.degree
	}
	for sum != total {
		i := companies[r.intn(len(companies))]
		pl := &gen.pop.plans[i]
		if sum < total {
			pl.degree++
			sum++
		} else if pl.degree > minDegree(*pl) {
			pl.degree--
			sum--
		}
	}
}

func minDegree(pl actorPlan) int {
	n := 0
	if pl.local {
		n++
	}
	if pl.regional {
		n++
	}
	if pl.collectivite {
		n++ // its own stub, so it may take whatever scale has a collectivité
	}
	return max(n, 1)
}

// stubsFor lays out a company's planned partnerships so that its flags hold
// exactly: a local and a regional one when flagged and none otherwise, one
// with a collectivité and one in insertion when flagged and none otherwise.
func (gen *generator) stubsFor(r *rng, i int) []companyStub {
	pl := gen.pop.plans[i]
	allowed := map[geo.Scale]float64{}
	for s, w := range scaleWeights(gen.pop.actors[i].Sector) {
		if (s == geo.ScaleLocal && !pl.local) || (s == geo.ScaleRegional && !pl.regional) {
			continue
		}
		allowed[s] = w
	}
	stubs := make([]companyStub, pl.degree)
	k := 0
	if pl.local {
		stubs[k] = companyStub{scale: geo.ScaleLocal, required: true}
		k++
	}
	if pl.regional {
		stubs[k] = companyStub{scale: geo.ScaleRegional, required: true}
		k++
	}
	for ; k < len(stubs); k++ {
		stubs[k].scale = drawScale(r, allowed)
	}
	for k := range stubs {
		stubs[k].kind = drawPartnerKind(r, false)
		if pl.insertion && (k == 0 || r.bernoulli(0.32)) {
			stubs[k].domain = geo.DomainInsertionEmploi
		} else {
			stubs[k].domain = drawCompanyDomain(r)
		}
	}
	if pl.collectivite {
		// the last stub, never a required one (minDegree leaves room for it)
		stubs[len(stubs)-1].kind = geo.KindCollectivite
	}
	return stubs
}

func drawScale(r *rng, w map[geo.Scale]float64) geo.Scale {
	ws := make([]float64, len(geo.Scales))
	for i, s := range geo.Scales {
		ws[i] = w[s]
	}
	return geo.Scales[r.pick(ws)]
}

func drawPartnerKind(r *rng, collectivite bool) geo.ActorKind {
	kinds := []geo.ActorKind{geo.KindAssociation, geo.KindCollectivite, geo.KindEtat, geo.KindEnseignement,
		geo.KindClubEntreprises, geo.KindAutre}
	w := []float64{0.72, 0.10, 0.03, 0.07, 0.05, 0.03}
	if !collectivite {
		w[1] = 0
	}
	return kinds[r.pick(w)]
}

// linkCompanies draws every partnership a company starts.
func (gen *generator) linkCompanies(companies []int) {
	r := gen.r.fork("company-links")
	for _, i := range companies {
		stubs := gen.stubsFor(r, i)
		for _, st := range stubs {
			// A stub with no partner anywhere is redrawn as a free one, so that
			// the planned average holds; the flags are not at stake there.
			for t := 0; t < 4 && !gen.linkCompanyStub(r, i, st); t++ {
				st = companyStub{kind: drawPartnerKind(r, false), scale: geo.ScaleNational, domain: stubs[len(stubs)-1].domain}
			}
		}
	}
}

// linkCompanyStub finds a partner for one stub. A required stub keeps its
// scale and tries other kinds; a collectivité stub keeps its kind and tries
// the company's other allowed scales; any other stub tries both.
func (gen *generator) linkCompanyStub(r *rng, i int, st companyStub) bool {
	pl := gen.pop.plans[i]
	var kinds []geo.ActorKind
	if st.kind == geo.KindCollectivite && !st.required {
		kinds = []geo.ActorKind{geo.KindCollectivite}
	} else {
		kinds = []geo.ActorKind{st.kind, geo.KindAssociation, geo.KindEnseignement, geo.KindClubEntreprises, geo.KindAutre, geo.KindEtat}
		if pl.collectivite {
			kinds = append(kinds, geo.KindCollectivite)
		}
	}
	scales := []geo.Scale{st.scale}
	if !st.required {
		for _, s := range []geo.Scale{geo.ScaleRegional, geo.ScaleNational, geo.ScaleLocal, geo.ScaleInternational} {
			if s == st.scale || (s == geo.ScaleLocal && !pl.local) || (s == geo.ScaleRegional && !pl.regional) {
				continue
			}
			scales = append(scales, s)
		}
	}
	for _, s := range scales {
		for _, k := range kinds {
			j, ok := gen.findPartner(r, i, k, s, nil)
			if !ok {
				continue
			}
			cat := otherCategory(r, k)
			if k == geo.KindAssociation {
				cat = gen.categoryFor(r, j)
			}
			gen.link(r, i, j, cat, st.domain)
			return true
		}
	}
	return false
}

// linkCompanyPairs adds partnerships between two companies, at a scale both
// companies' flags allow and in a domain other than insertion unless both are
// engaged in it.
func (gen *generator) linkCompanyPairs(companies []int, n int) {
	r := gen.r.fork("company-pairs")
	for made, tries := 0, 0; made < n && tries < 50*n; tries++ {
		i := companies[r.intn(len(companies))]
		pl := gen.pop.plans[i]
		s := drawScale(r, scaleWeights(gen.pop.actors[i].Sector))
		if (s == geo.ScaleLocal && !pl.local) || (s == geo.ScaleRegional && !pl.regional) {
			continue
		}
		j, ok := gen.findPartner(r, i, geo.KindEntreprise, s, func(j int) bool {
			pj := gen.pop.plans[j] // companies abroad have no plan and are refused
			return pj.partnering && !((s == geo.ScaleLocal && !pj.local) || (s == geo.ScaleRegional && !pj.regional))
		})
		if !ok {
			continue
		}
		dom := drawCompanyDomain(r)
		if pl.insertion && gen.pop.plans[j].insertion && r.bernoulli(0.3) {
			dom = geo.DomainInsertionEmploi
		}
		cat := []geo.Category{geo.CategoryCooperationEconomique, geo.CategoryInnovationSocietale}[r.intn(2)]
		gen.link(r, i, j, cat, dom)
		made++
	}
}

func indexOf[T comparable](list []T, v T) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}
