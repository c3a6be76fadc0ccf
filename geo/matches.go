package geo

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// The weights of a suggestion's score (SuggestMatches); they sum to 1, so
// the score lies in 0..1 like each of its components.
const (
	MatchWeightDistance        = 0.4
	MatchWeightComplementarity = 0.35
	MatchWeightCapacity        = 0.25
)

// The points of the complementarity component, in tenths; they sum to 10.
// Employer associations partner more than the others (53 % against 38 % in
// Le RAMEAU's 2015 survey) and structures d'insertion most of all; a
// company already acting in the domain brings more than goodwill; industry
// and construction turn more readily to nearby partners (the seed's sector
// lean), which is what a suggestion within a radius offers. Whole tenths
// add up exactly, so the component is the same whatever the order.
const (
	complementEmployer      = 4
	complementInsertion     = 3
	complementCompanyDomain = 2
	complementSector        = 1
)

// MinMatchEmployees is the headcount from which a company is suggested: the
// observatory's population of companies of 10 employees or more.
const MinMatchEmployees = 10

// PairSet holds unordered pairs of actor ids: the pairs already partnered.
// Has(a, b) and Has(b, a) agree.
type PairSet map[[2]int64]struct{}

// NewPairSet returns the pairs of actors the partnerships link, in any
// domain.
func NewPairSet(ps []Partnership) PairSet {
	s := make(PairSet, len(ps))
	for _, p := range ps {
		s.Add(p.ActorA, p.ActorB)
	}
	return s
}

// Add records the pair {a, b}.
func (s PairSet) Add(a, b int64) { s[pairKey(a, b)] = struct{}{} }

// Has reports whether the pair {a, b} is in the set, whatever the order.
func (s PairSet) Has(a, b int64) bool {
	_, ok := s[pairKey(a, b)]
	return ok
}

func pairKey(a, b int64) [2]int64 {
	if a > b {
		a, b = b, a
	}
	return [2]int64{a, b}
}

// MatchInput is what SuggestMatches ranks: the candidate actors (usually
// those located in a territory, or within a radius of it), the domain d of
// the partnership to build, the radius beyond which a pair is not
// suggested, the pairs already partnered (nil: none), and optionally the
// territory's fragility in d (RankGaps), which only adds a reason. Limit
// caps the number of suggestions; 0 or less returns them all.
//
// An actor that does not qualify (see SuggestMatches) or whose point is not
// finite is ignored, so the same list may be given as Companies and
// Associations; an id given twice in a list counts once, the first time it
// qualifies.
type MatchInput struct {
	Domain       Domain
	RadiusKm     float64
	Companies    []Actor
	Associations []Actor
	Partnered    PairSet
	Fragility    *float64
	Limit        int
}

// MatchComponents are the parts of a suggestion's score, each in 0..1.
type MatchComponents struct {
	Distance        float64
	Complementarity float64
	Capacity        float64
}

// Match is one suggested pair, with the score that ranks it, its components
// and the reasons, plain French sentences to show as they are.
type Match struct {
	Company         int64
	CompanyName     string
	Association     int64
	AssociationName string
	DistanceKm      float64
	Score           float64
	Components      MatchComponents
	Reasons         []string
}

// SuggestMatches proposes partnerships in a domain d (the "mise en
// relation"): pairs of a company (KindEntreprise) of at least
// MinMatchEmployees employees and an association (KindAssociation) whose
// Domains include d, at most RadiusKm apart (LinkLengthKm between their
// points), not already partnered in either order and never an actor with
// itself. Each pair scores
//
//	Score = 0.4 × Distance + 0.35 × Complementarity + 0.25 × Capacity
//
// where
//
//   - Distance = 1 − distance / RadiusKm: 1 at the same point, 0 at the
//     radius;
//   - Complementarity adds 0.4 when the association employs staff
//     (Employer), 0.3 when it is a structure d'insertion (Insertion), 0.2
//     when the company's own Domains include d and 0.1 when the company is
//     of industry or construction (SectorIndustrie, SectorBTP), the
//     sectors that turn most readily to nearby partners;
//   - Capacity is the company's size class: 1/3 for 10–249 employees, 2/3
//     for 250–999, 1 for 1 000 or more.
//
// Suggestions come by score descending, ties by company id then association
// id ascending, at most Limit of them. The territory's fragility, the same
// for every pair, changes no score but adds a reason. Actors carry no count
// of their partnerships, so the score has no bonus for newcomers.
//
// Associations are sorted into cubic cells one radius wide around the unit
// sphere (exact at the poles and across the antimeridian), so each company
// only looks at the 27 cells around its own; only the best Limit pairs are
// held (a heap), and a pair whose best possible score, from the chord
// between the two points, cannot enter the heap is dropped before its exact
// distance is computed. The cost thus grows with the pairs within the
// radius, and no other pair is ever held. The error reports an unknown
// domain (ErrUnknownDomain; DomainAll is not one) or a radius that is not a
// positive number; a done ctx stops the search with ctx's error (a
// région's companies and associations can take seconds).
func SuggestMatches(ctx context.Context, in MatchInput) ([]Match, error) {
	if !in.Domain.Valid() {
		return nil, fmt.Errorf("%w %q", ErrUnknownDomain, in.Domain)
	}
	if !(in.RadiusKm > 0) || math.IsInf(in.RadiusKm, 1) {
		return nil, fmt.Errorf("geo: radius %g km: want a positive number", in.RadiusKm)
	}
	companies := qualifying(in.Companies, func(a *Actor) bool {
		return a.Kind == KindEntreprise && a.Employees >= MinMatchEmployees
	})
	associations := qualifying(in.Associations, func(a *Actor) bool {
		return a.Kind == KindAssociation && slices.Contains(a.Domains, in.Domain)
	})
	if len(companies) == 0 || len(associations) == 0 {
		return []Match{}, nil
	}

	// Two points are at most RadiusKm apart (to the metre LinkLengthKm
	// rounds to) only if their unit vectors are at most this chord apart;
	// the slack covers that rounding and the two formulas' last bits.
	theta := math.Min((in.RadiusKm*1000+1)/SphereRadius, math.Pi)
	chord := 2 * math.Sin(theta/2) * (1 + 1e-9)
	side := math.Max(chord, 1e-9)
	cells := make([]matchCell, len(associations))
	for j, a := range associations {
		v := unitVector(a.Location)
		cells[j] = matchCell{key: cellOf(v, side), vec: v, point: a.Location, id: a.ID, index: int32(j),
			tenths: tenths(a.Employer, complementEmployer) + tenths(a.Insertion, complementInsertion)}
	}
	slices.SortFunc(cells, func(x, y matchCell) int { return compareCells(x.key, y.key) })
	// columns[x, y] is the run of cells sharing those two coordinates
	columns := map[[2]int64][2]int{}
	for from := 0; from < len(cells); {
		to, k := from+1, cells[from].key
		for to < len(cells) && cells[to].key[0] == k[0] && cells[to].key[1] == k[1] {
			to++
		}
		columns[[2]int64{k[0], k[1]}] = [2]int{from, to}
		from = to
	}

	// Companies are tried largest first: once the heap holds Limit
	// candidates, a company whose best possible score (at distance 0 from
	// an association that employs staff and does insertion) is below the
	// worst one held cannot place any pair, and is skipped whole. The
	// result does not depend on the order: better is a total order.
	order := make([]int, len(companies))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Compare(matchCapacity(companies[y].Employees), matchCapacity(companies[x].Employees))
	})
	best := &matchHeap{}
	for n, i := range order {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := companies[i]
		companyTenths := tenths(slices.Contains(c.Domains, in.Domain), complementCompanyDomain) +
			tenths(c.Sector == SectorIndustrie || c.Sector == SectorBTP, complementSector)
		capacity := matchCapacity(c.Employees)
		if in.Limit > 0 && len(best.items) == in.Limit {
			bound := MatchComponents{Distance: 1, Complementarity: float64(companyTenths+complementEmployer+complementInsertion) / 10,
				Capacity: capacity}
			if bound.score() < best.items[0].score {
				continue
			}
		}
		u := unitVector(c.Location)
		k := cellOf(u, side)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				run, ok := columns[[2]int64{k[0] + dx, k[1] + dy}]
				if !ok {
					continue
				}
				for _, cell := range cells[run[0]:run[1]] {
					if cell.key[2] < k[2]-1 {
						continue
					}
					if cell.key[2] > k[2]+1 {
						break
					}
					d0, d1, d2 := u[0]-cell.vec[0], u[1]-cell.vec[1], u[2]-cell.vec[2]
					chord2 := d0*d0 + d1*d1 + d2*d2
					if chord2 > chord*chord {
						continue
					}
					if cell.id == c.ID {
						continue
					}
					comp := MatchComponents{Complementarity: float64(companyTenths+cell.tenths) / 10, Capacity: capacity}
					if in.Limit > 0 && len(best.items) == in.Limit {
						// a chord is shorter than its arc: this bounds the score
						comp.Distance = 1 - math.Max(0, math.Sqrt(chord2)*SphereRadius/1000-0.001)/in.RadiusKm
						if comp.score() < best.items[0].score {
							continue
						}
					}
					km := LinkLengthKm(c.Location, cell.point)
					if km > in.RadiusKm {
						continue
					}
					comp.Distance = 1 - km/in.RadiusKm
					cand := matchCandidate{score: comp.score(), km: km, company: int32(i), association: cell.index,
						companyID: c.ID, associationID: cell.id, comp: comp}
					if best.wants(cand, in.Limit) && !in.Partnered.Has(c.ID, cell.id) {
						best.offer(cand, in.Limit)
					}
				}
			}
		}
	}

	top := best.items
	slices.SortFunc(top, func(x, y matchCandidate) int {
		if x.better(y) {
			return -1
		}
		return 1
	})
	out := make([]Match, len(top))
	for n, m := range top {
		c, a := companies[m.company], associations[m.association]
		out[n] = Match{Company: c.ID, CompanyName: c.Name, Association: a.ID, AssociationName: a.Name,
			DistanceKm: m.km, Score: m.score, Components: m.comp, Reasons: matchReasons(c, a, in, m.km)}
	}
	return out, nil
}

// matchCell is a qualifying association in the grid: its cell, its unit
// vector, its point and id, its index among the qualifying associations
// and its tenths of complementarity.
type matchCell struct {
	key    [3]int64
	vec    [3]float64
	point  orb.Point
	id     int64
	index  int32
	tenths int
}

func compareCells(x, y [3]int64) int {
	for i := range x {
		if c := cmp.Compare(x[i], y[i]); c != 0 {
			return c
		}
	}
	return 0
}

// score is the weighted sum of the components.
func (c MatchComponents) score() float64 {
	return MatchWeightDistance*c.Distance + MatchWeightComplementarity*c.Complementarity +
		MatchWeightCapacity*c.Capacity
}

// matchCapacity is the capacity component of a company's headcount.
func matchCapacity(employees int) float64 {
	switch SizeClassOf(employees) {
	case Size10to249:
		return 1.0 / 3
	case Size250to999:
		return 2.0 / 3
	case Size1000Plus:
		return 1
	}
	return 0
}

func tenths(yes bool, points int) int {
	if yes {
		return points
	}
	return 0
}

// qualifying keeps the actors ok accepts whose point is finite, each id
// once, the first time.
func qualifying(actors []Actor, ok func(*Actor) bool) []*Actor {
	seen := map[int64]bool{}
	var out []*Actor
	for i := range actors {
		a := &actors[i]
		if !ok(a) || seen[a.ID] || !finitePoint(a.Location) {
			continue
		}
		seen[a.ID] = true
		out = append(out, a)
	}
	return out
}

func finitePoint(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsInf(p[0], 0) && !math.IsNaN(p[1]) && !math.IsInf(p[1], 0)
}

// unitVector is a lon/lat point on the unit sphere, where the chord between
// two points grows with their great-circle distance whatever the latitude.
func unitVector(p orb.Point) [3]float64 {
	lat, lon := radians(p[1]), radians(p[0])
	return [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

func cellOf(v [3]float64, side float64) [3]int64 {
	return [3]int64{int64(math.Floor(v[0] / side)), int64(math.Floor(v[1] / side)), int64(math.Floor(v[2] / side))}
}

// matchCandidate is a scored pair before its reasons are written;
// company and association index the qualifying lists.
type matchCandidate struct {
	score                    float64
	km                       float64
	company, association     int32
	companyID, associationID int64
	comp                     MatchComponents
}

// better orders suggestions: score descending, then company id, then
// association id ascending.
func (x matchCandidate) better(y matchCandidate) bool {
	if x.score != y.score {
		return x.score > y.score
	}
	if x.companyID != y.companyID {
		return x.companyID < y.companyID
	}
	return x.associationID < y.associationID
}

// matchHeap keeps the best candidates offered, the worst on top.
type matchHeap struct{ items []matchCandidate }

func (h *matchHeap) Len() int           { return len(h.items) }
func (h *matchHeap) Less(i, j int) bool { return h.items[j].better(h.items[i]) }
func (h *matchHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *matchHeap) Push(x any)         { h.items = append(h.items, x.(matchCandidate)) }
func (h *matchHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// wants reports whether offer would keep c: fewer than limit candidates
// are held (limit ≤ 0: no limit) or c beats the worst one held.
func (h *matchHeap) wants(c matchCandidate, limit int) bool {
	return limit <= 0 || len(h.items) < limit || c.better(h.items[0])
}

// offer keeps c if wants does, replacing the worst candidate held when the
// heap is full.
func (h *matchHeap) offer(c matchCandidate, limit int) {
	switch {
	case limit <= 0:
		h.items = append(h.items, c)
	case len(h.items) < limit:
		heap.Push(h, c)
	case c.better(h.items[0]):
		h.items[0] = c
		heap.Fix(h, 0)
	}
}

// domainFrench gives each domain its French label and what an organisation
// acting in it does ("agit pour …").
var domainFrench = map[Domain]struct{ label, acts string }{
	DomainInsertionEmploi:   {"Insertion et emploi", "agit pour l'insertion et l'emploi"},
	DomainDiversiteHandicap: {"Diversité et handicap", "agit pour la diversité et le handicap"},
	DomainEducationJeunesse: {"Éducation et jeunesse", "agit pour l'éducation et la jeunesse"},
	DomainCulture:           {"Culture", "agit pour la culture"},
	DomainSport:             {"Sport", "agit pour le sport"},
	DomainEnvironnement:     {"Environnement", "agit pour l'environnement"},
	DomainSante:             {"Santé", "agit pour la santé"},
	DomainNumerique:         {"Numérique", "agit pour l'inclusion numérique"},
	DomainSolidarite:        {"Solidarité", "agit pour la solidarité"},
	DomainMobilite:          {"Mobilité", "agit pour la mobilité"},
	DomainAutre:             {"Autre", "agit dans un autre domaine"},
	DomainAll:               {"Tous domaines", "agit dans plusieurs domaines"},
}

// DomainLabel is a domain's French label ("Insertion et emploi"), or the
// domain itself when it has none.
func DomainLabel(d Domain) string {
	if f, ok := domainFrench[d]; ok {
		return f.label
	}
	return string(d)
}

// matchReasons says in French why a pair is suggested, one sentence per
// component that counted.
func matchReasons(c, a *Actor, in MatchInput, km float64) []string {
	reasons := []string{distancePhrase(km)}
	assoc := "l'association " + domainFrench[in.Domain].acts
	if a.Employer {
		assoc += " et emploie des salariés"
	}
	reasons = append(reasons, assoc)
	if a.Insertion {
		reasons = append(reasons, "l'association est une structure d'insertion, celles qui nouent le plus de partenariats")
	}
	if slices.Contains(c.Domains, in.Domain) {
		reasons = append(reasons, "l'entreprise "+domainFrench[in.Domain].acts+" elle aussi")
	}
	switch c.Sector {
	case SectorIndustrie:
		reasons = append(reasons, "entreprise de l'industrie, un secteur qui se tourne volontiers vers des partenaires proches")
	case SectorBTP:
		reasons = append(reasons, "entreprise du BTP, un secteur qui se tourne volontiers vers des partenaires proches")
	}
	switch SizeClassOf(c.Employees) {
	case Size10to249:
		reasons = append(reasons, "entreprise de 10 à 249 salariés")
	case Size250to999:
		reasons = append(reasons, "entreprise de 250 à 999 salariés")
	case Size1000Plus:
		reasons = append(reasons, "entreprise de 1 000 salariés ou plus")
	}
	if f := in.Fragility; f != nil && !math.IsNaN(*f) {
		pct := math.Round(math.Max(0, math.Min(1, *f)) * 100)
		reasons = append(reasons, fmt.Sprintf("le territoire est plus fragile que %.0f %% des territoires de même niveau dans ce domaine", pct))
	}
	return reasons
}

// distancePhrase writes a distance the French way, to the 100 m: "à 3,2 km
// l'une de l'autre", "à 1 km l'une de l'autre", "à moins de 100 m l'une de
// l'autre".
func distancePhrase(km float64) string {
	if km < 0.1 {
		return "à moins de 100 m l'une de l'autre"
	}
	s := strings.TrimSuffix(strconv.FormatFloat(km, 'f', 1, 64), ".0")
	return "à " + strings.Replace(s, ".", ",", 1) + " km l'une de l'autre"
}
