package demo

import (
	"math"

	"github.com/maillage/maillage/geo"
)

// indicatorYear is the reference year of the synthetic indicators.
const indicatorYear = 2021

// indicatorSpec describes how one synthetic indicator is drawn for a commune:
// a base rate moved by the commune's latent fragility (sensitivity, in log
// odds per standard deviation; negative when a high value is good) and a
// denominator as a share of the population.
type indicatorSpec struct {
	ind         geo.Indicator
	base        float64 // rate at zero fragility, as a fraction (ratio) or a value
	sensitivity float64
	denomShare  float64 // denominator as a share of population (ratio indicators)
	overseas    float64 // extra log odds overseas
}

// catalogue is the synthetic fragility catalogue: one indicator at least per
// theme of fragility, each saying which domain it calls for.
func catalogue() []indicatorSpec {
	syn := func(id, label, theme, unit string, worse bool, agg geo.Aggregation, scale float64, domains ...geo.Domain) geo.Indicator {
		return geo.Indicator{ID: id, Label: label, Theme: theme, Unit: unit, Year: indicatorYear,
			Source: "Maillage, données synthétiques calibrées (ordres de grandeur INSEE)", FinestLevel: geo.LevelCommune,
			HigherIsWorse: worse, Aggregation: agg, Scale: scale, Synthetic: true, Domains: domains}
	}
	return []indicatorSpec{
		{syn("chomage", "Taux de chômage localisé", "emploi", "%", true, geo.AggregationRatio, 100, geo.DomainInsertionEmploi), 0.075, 0.45, 0.46, 1.0},
		{syn("neet", "Part des jeunes de 16 à 25 ans ni en emploi, ni en études, ni en formation", "emploi", "%", true, geo.AggregationRatio, 100, geo.DomainInsertionEmploi, geo.DomainEducationJeunesse), 0.12, 0.40, 0.11, 0.9},
		{syn("taux_emploi", "Taux d'emploi des 15-64 ans", "emploi", "%", false, geo.AggregationRatio, 100, geo.DomainInsertionEmploi), 0.66, -0.35, 0.62, -0.7},
		{syn("non_diplomes", "Part des non-diplômés parmi les 15 ans et plus sortis du système scolaire", "éducation", "%", true, geo.AggregationRatio, 100, geo.DomainEducationJeunesse), 0.20, 0.35, 0.78, 0.6},
		{syn("pauvrete", "Taux de pauvreté", "pauvreté", "%", true, geo.AggregationRatio, 100, geo.DomainSolidarite), 0.14, 0.45, 1, 1.2},
		{syn("aah", "Part des allocataires de l'AAH parmi les 20-64 ans", "handicap", "%", true, geo.AggregationRatio, 100, geo.DomainDiversiteHandicap), 0.035, 0.25, 0.57, 0.3},
		{syn("apl_medecins", "Accessibilité potentielle localisée aux médecins généralistes", "santé", "consultations/an/habitant", false, geo.AggregationWeightedMean, 1, geo.DomainSante), 3.4, -0.12, 0, -0.2},
		{syn("ftth", "Part des locaux raccordables à la fibre", "numérique", "%", false, geo.AggregationRatio, 100, geo.DomainNumerique), 0.82, -0.30, 0.55, -0.4},
		{syn("sans_voiture", "Part des ménages sans voiture", "mobilité", "%", true, geo.AggregationRatio, 100, geo.DomainMobilite), 0.13, 0.30, 0.45, 0.5},
		{syn("precarite_energetique", "Part des ménages en précarité énergétique", "environnement", "%", true, geo.AggregationRatio, 100, geo.DomainEnvironnement), 0.12, 0.30, 0.45, 0.2},
		{syn("equipements_culture_sport", "Équipements culturels et sportifs pour 10 000 habitants", "équipements", "pour 10 000 hab.", false, geo.AggregationRatio, 10000, geo.DomainCulture, geo.DomainSport), 0.0030, -0.20, 1, -0.3},
		{syn("vieillissement", "Part des 75 ans et plus", "vieillissement", "%", true, geo.AggregationRatio, 100, geo.DomainSolidarite), 0.095, 0.15, 1, -0.6},
	}
}

// fragilityField draws each commune's latent fragility (standard deviations):
// a département effect, an EPCI effect and a commune's own, plus more
// fragility in the largest towns (their quartiers prioritaires), so that the
// map shows the territorial patterns real indicators show.
func fragilityField(g *geography, r *rng) map[string]float64 {
	depEffect, epciEffect := map[string]float64{}, map[string]float64{}
	for _, d := range g.departements {
		depEffect[d.Code] = 0.6 * r.normal()
	}
	for _, e := range g.epcis {
		epciEffect[e.Code] = 0.45 * r.normal()
	}
	out := make(map[string]float64, len(g.communes))
	for _, c := range g.communes {
		urban := 0.0
		if c.Population > 20000 {
			urban = 0.25 * math.Log10(float64(c.Population)/20000)
		}
		out[c.Code] = depEffect[c.DepartementCode] + epciEffect[c.EPCICode] + 0.55*r.normal() + urban
	}
	return out
}

// indicatorValues draws every indicator for every commune. Ratio indicators
// get integer numerators and denominators (the value is their ratio), so that
// roll-ups are exact ratios of sums.
func indicatorValues(g *geography, specs []indicatorSpec, z map[string]float64, r *rng) []geo.IndicatorValue {
	var out []geo.IndicatorValue
	for _, s := range specs {
		for _, c := range g.communes {
			logit := math.Log(s.base/(1-math.Min(s.base, 0.999))) + s.sensitivity*z[c.Code] + 0.15*r.normal()
			if geo.Overseas(c.Code) {
				logit += s.overseas
			}
			v := geo.IndicatorValue{IndicatorID: s.ind.ID, TerritoryCode: c.Code, Year: indicatorYear}
			switch s.ind.Aggregation {
			case geo.AggregationRatio:
				den := math.Max(1, math.Round(float64(c.Population)*s.denomShare))
				p := 1 / (1 + math.Exp(-logit))
				num := math.Round(den * p * (1 + 0.08*r.normal()))
				num = math.Min(math.Max(num, 0), den)
				v.Numerator, v.Denominator = num, den
				v.Value = math.Round(s.ind.Scale*num/den*100) / 100
			default:
				val := s.base * math.Exp(s.sensitivity*z[c.Code]+0.1*r.normal())
				v.Value = math.Round(val*100) / 100
			}
			out = append(out, v)
		}
	}
	return out
}

// typology fills each commune's typology: a density class from population
// (a proxy for the INSEE grid, which needs areas the sources lack), a QPV
// share in towns, and synthetic rural-revitalisation and natural-park flags,
// then rolls them up to EPCIs, départements and régions.
func typology(g *geography, z map[string]float64, r *rng) {
	parks := map[string]bool{}
	for _, e := range g.epcis {
		parks[e.Code] = r.bernoulli(0.15)
	}
	type acc struct{ pop, qpv, dens float64 }
	sums := map[string]*acc{}
	add := func(code string, c *geo.Territory) {
		if code == "" {
			return
		}
		a := sums[code]
		if a == nil {
			a = &acc{}
			sums[code] = a
		}
		p := float64(c.Population)
		a.pop += p
		a.qpv += p * c.Typology.QPVShare
		a.dens += p * float64(c.Typology.DensityClass)
	}
	for i := range g.communes {
		c := &g.communes[i]
		c.Typology.DensityClass = densityProxy(c.Population)
		if c.Population >= 10000 {
			c.Typology.QPVShare = math.Round(math.Min(0.6, math.Max(0, 0.08+0.07*z[c.Code]+0.04*r.normal()))*1000) / 1000
		}
		c.Typology.RuralRevitalisation = c.Typology.DensityClass >= 6 && z[c.Code] > 0.2
		c.Typology.NaturalPark = parks[c.EPCICode] && c.Typology.DensityClass >= 4
		for _, code := range []string{c.EPCICode, c.DepartementCode, c.RegionCode} {
			add(code, c)
		}
	}
	for _, list := range [][]geo.Territory{g.epcis, g.departements, g.regions} {
		for i := range list {
			t := &list[i]
			a := sums[t.Code]
			if a == nil || a.pop == 0 {
				continue
			}
			t.Typology.QPVShare = math.Round(a.qpv/a.pop*1000) / 1000
			t.Typology.DensityClass = int(math.Round(a.dens / a.pop))
		}
	}
}

// densityProxy maps a commune's population to the 7-level density grid.
func densityProxy(pop int64) int {
	switch {
	case pop >= 50000:
		return 1
	case pop >= 10000:
		return 2
	case pop >= 5000:
		return 3
	case pop >= 2000:
		return 4
	case pop >= 1000:
		return 5
	case pop >= 200:
		return 6
	}
	return 7
}
