package geo

import (
	"fmt"
	"math"
	"strings"
)

// Profile is what comparing territories of one level reads of each: its
// typology — rural or urban (the density grid), its share of sensitive
// urban areas (quartiers prioritaires), rural revitalisation and natural
// park, the typology partnership facilitators compare territories by —
// and its fragility profile: for each indicator of a catalogue, its
// percentile among the territories of the level, oriented so that 1 is
// the most fragile (NaN without a value).
type Profile struct {
	Typology  Typology
	Fragility []float64
}

// OrientedPercentiles is the fragility profile column of one indicator:
// PercentileRanks of the values, turned around when a higher value is
// better (1 − rank) so that 1 is always the most fragile.
func OrientedPercentiles(ind Indicator, values []float64) []float64 {
	ranks := PercentileRanks(values)
	if !ind.HigherIsWorse {
		for i, r := range ranks {
			ranks[i] = 1 - r
		}
	}
	return ranks
}

// DistancePart is one part of the distance between two territories: its
// name, its distance in 0..1, its weight in the whole, and what it says
// in French.
type DistancePart struct {
	Part     string
	Distance float64
	Weight   float64
	Reason   string
}

// The parts of ProfileDistance, and their weights within the typology.
const (
	PartDensity     = "densite"
	PartQPV         = "quartiers_prioritaires"
	PartRural       = "revitalisation_rurale"
	PartNaturalPark = "parc_naturel"
	PartFragility   = "fragilite"
)

// qpvSpan is the difference of QPV shares that counts as wholly unlike: a
// quarter of the population.
const qpvSpan = 0.25

// densityLabels name the classes of the INSEE density grid.
var densityLabels = map[int]string{1: "grand centre urbain", 2: "centre urbain intermédiaire", 3: "ceinture urbaine",
	4: "petite ville", 5: "bourg rural", 6: "rural à habitat dispersé", 7: "rural à habitat très dispersé"}

// ExplainDistance compares territory b with territory a of the same level,
// both profiled against catalogue (the indicators of the Fragility
// columns, in order): 0 is alike, 1 as unlike as can be. It is the mean of
// two halves, so that neither the character of a place nor its
// difficulties alone make two territories alike:
//
//   - the typology: the density classes' gap over the grid's six steps
//     (one unknown class: 0.5), the QPV shares' gap over a quarter of the
//     population (capped at 1), and, for communes only (the flags are
//     set on no wider territory), rural revitalisation and natural park,
//     0 when both or neither are, 1 otherwise, at half weight;
//   - the fragility profile: the mean gap between their oriented
//     percentiles over the indicators both have (0.5 when they share
//     none).
//
// The parts come with their weights in the whole and their reasons, in
// French, written from a's side ("ici").
func ExplainDistance(level Level, a, b Profile, catalogue []Indicator) (float64, []DistancePart) {
	return profileDistance(level, a, b, catalogue, true)
}

// ProfileDistance is ExplainDistance's distance alone, without writing its
// reasons: comparing one territory with every other of its level.
func ProfileDistance(level Level, a, b Profile, catalogue []Indicator) float64 {
	d, _ := profileDistance(level, a, b, catalogue, false)
	return d
}

// profileDistance computes ExplainDistance; the reasons are written only
// when explain is set (their formatting would be most of the cost).
func profileDistance(level Level, a, b Profile, catalogue []Indicator, explain bool) (float64, []DistancePart) {
	var parts []DistancePart
	distance := 0.0
	add := func(part string, d, w float64, reason func() string) {
		distance += d * w
		if explain {
			parts = append(parts, DistancePart{Part: part, Distance: d, Weight: w, Reason: reason()})
		}
	}
	// The typology's weights add up to one half: density and QPV a quarter
	// each, or, for communes, a sixth each and the two flags a twelfth.
	wDensity, wFlag := 0.25, 0.0
	if level == LevelCommune {
		wDensity, wFlag = 1.0/6, 1.0/12
	}

	da, db := a.Typology.DensityClass, b.Typology.DensityClass
	switch {
	case da == 0 || db == 0:
		add(PartDensity, 0.5, wDensity, func() string { return "densité inconnue d'un côté" })
	case da == db:
		add(PartDensity, 0, wDensity, func() string { return fmt.Sprintf("densité : même classe (%s)", densityLabels[da]) })
	default:
		add(PartDensity, math.Abs(float64(da-db))/6, wDensity,
			func() string { return fmt.Sprintf("densité : %s, ici %s", densityLabels[db], densityLabels[da]) })
	}

	qa, qb := a.Typology.QPVShare, b.Typology.QPVShare
	d := math.Min(1, math.Abs(qa-qb)/qpvSpan)
	switch {
	case qa == 0 && qb == 0:
		add(PartQPV, 0, wDensity, func() string { return "aucun quartier prioritaire, comme ici" })
	default:
		add(PartQPV, d, wDensity, func() string {
			return fmt.Sprintf("quartiers prioritaires : %s de la population, ici %s", wholePercent(qb), wholePercent(qa))
		})
	}

	if level == LevelCommune {
		flag := func(part, what string, x, y bool) {
			switch {
			case x == y && y:
				add(part, 0, wFlag, func() string { return what + ", comme ici" })
			case x == y:
				add(part, 0, wFlag, func() string { return "pas " + what + ", comme ici" })
			case y:
				add(part, 1, wFlag, func() string { return what + ", pas ici" })
			default:
				add(part, 1, wFlag, func() string { return "pas " + what + ", ici si" })
			}
		}
		flag(PartRural, "en zone de revitalisation rurale", a.Typology.RuralRevitalisation, b.Typology.RuralRevitalisation)
		flag(PartNaturalPark, "dans un parc naturel régional", a.Typology.NaturalPark, b.Typology.NaturalPark)
	}

	// The fragility profile.
	sum, n := 0.0, 0
	closest, farthest := -1, -1
	for i := range catalogue {
		if i >= len(a.Fragility) || i >= len(b.Fragility) || math.IsNaN(a.Fragility[i]) || math.IsNaN(b.Fragility[i]) {
			continue
		}
		gap := math.Abs(a.Fragility[i] - b.Fragility[i])
		sum += gap
		n++
		if closest < 0 || gap < math.Abs(a.Fragility[closest]-b.Fragility[closest]) {
			closest = i
		}
		if farthest < 0 || gap > math.Abs(a.Fragility[farthest]-b.Fragility[farthest]) {
			farthest = i
		}
	}
	if n == 0 {
		add(PartFragility, 0.5, 0.5, func() string { return "aucun indicateur de fragilité commun" })
	} else {
		add(PartFragility, sum/float64(n), 0.5, func() string {
			return fragilityReason(catalogue, a, b, n, sum, closest, farthest)
		})
	}
	return distance, parts
}

// fragilityReason says how two fragility profiles compare.
func fragilityReason(catalogue []Indicator, a, b Profile, n int, sum float64, closest, farthest int) string {
	centile := func(p float64) string { return fmt.Sprintf("%de centile", int(math.Round(100*p))) }
	var r strings.Builder
	fmt.Fprintf(&r, "profil de fragilité : %d points de centile d'écart en moyenne sur %d indicateur", int(math.Round(100*sum/float64(n))), n)
	if n > 1 {
		r.WriteString("s")
	}
	fmt.Fprintf(&r, " ; le plus proche : %s (%s, ici %s)", catalogue[closest].Label, centile(b.Fragility[closest]), centile(a.Fragility[closest]))
	if farthest != closest {
		fmt.Fprintf(&r, " ; le plus éloigné : %s (%s, ici %s)", catalogue[farthest].Label, centile(b.Fragility[farthest]), centile(a.Fragility[farthest]))
	}
	return r.String()
}

// wholePercent writes a share (0..1) as a French whole percentage.
func wholePercent(share float64) string {
	return fmt.Sprintf("%d\u00a0%%", int(math.Round(100*share)))
}
