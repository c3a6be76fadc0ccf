package geo

import (
	"math"
	"strings"
	"testing"
)

func TestProfileDistance(t *testing.T) {
	cat := []Indicator{{ID: "chomage", Label: "Chômage", HigherIsWorse: true}, {ID: "revenu", Label: "Revenu"}}
	nan := math.NaN()
	cases := []struct {
		name    string
		level   Level
		a, b    Profile
		want    float64
		reasons []string // each in its part's reason, in order
	}{
		{"alike", LevelCommune,
			Profile{Typology{DensityClass: 2, QPVShare: 0.18}, []float64{1, 0.5}},
			Profile{Typology{DensityClass: 2, QPVShare: 0.18}, []float64{1, 0.5}}, 0,
			[]string{"même classe (centre urbain intermédiaire)", "18 % de la population, ici 18 %", "pas en zone de revitalisation rurale, comme ici",
				"pas dans un parc naturel régional, comme ici", "0 points de centile d'écart en moyenne sur 2 indicateurs"}},
		// Typology: 4/6 × 1/6 + (0.1/0.25) × 1/6 + 1 × 1/12 + 0; fragility
		// (0.2 + 0.4) / 2 × 1/2.
		{"unlike commune", LevelCommune,
			Profile{Typology{DensityClass: 2, QPVShare: 0.1}, []float64{0.9, 0.1}},
			Profile{Typology{DensityClass: 6, RuralRevitalisation: true}, []float64{0.7, 0.5}},
			4.0/6/6 + 0.4/6 + 1.0/12 + 0.3/2,
			[]string{"rural à habitat dispersé, ici centre urbain intermédiaire", "0 % de la population, ici 10 %",
				"en zone de revitalisation rurale, pas ici", "pas dans un parc naturel régional, comme ici",
				"le plus proche : Chômage (70e centile, ici 90e centile) ; le plus éloigné : Revenu (50e centile, ici 10e centile)"}},
		// A département: density and QPV a quarter each; one indicator in
		// common; QPV gap beyond a quarter counts 1.
		{"départements", LevelDepartement,
			Profile{Typology{DensityClass: 3, QPVShare: 0.3}, []float64{0.2, nan}},
			Profile{Typology{DensityClass: 0, QPVShare: 0}, []float64{0.6, 0.4}},
			0.5/4 + 1.0/4 + 0.4/2,
			[]string{"densité inconnue", "0 % de la population, ici 30 %", "sur 1 indicateur ; le plus proche : Chômage"}},
		{"no indicator in common", LevelRegion,
			Profile{Typology{DensityClass: 3}, []float64{nan}},
			Profile{Typology{DensityClass: 3}, nil},
			0.5 / 2,
			[]string{"même classe", "aucun quartier prioritaire", "aucun indicateur de fragilité commun"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, parts := ExplainDistance(c.level, c.a, c.b, cat)
			if fast := ProfileDistance(c.level, c.a, c.b, cat); fast != got {
				t.Errorf("ProfileDistance %v, ExplainDistance %v", fast, got)
			}
			if math.Abs(got-c.want) > 1e-12 {
				t.Errorf("distance %v, want %v", got, c.want)
			}
			if len(parts) != len(c.reasons) {
				t.Fatalf("%d parts %+v, want %d", len(parts), parts, len(c.reasons))
			}
			weights := 0.0
			for i, p := range parts {
				weights += p.Weight
				if !strings.Contains(p.Reason, strings.ReplaceAll(c.reasons[i], " %", "\u00a0%")) {
					t.Errorf("part %s says %q, want it to hold %q", p.Part, p.Reason, c.reasons[i])
				}
			}
			if math.Abs(weights-1) > 1e-12 {
				t.Errorf("weights add up to %v", weights)
			}
		})
	}
}

func TestOrientedPercentiles(t *testing.T) {
	worse := OrientedPercentiles(Indicator{HigherIsWorse: true}, []float64{1, 3, 2})
	better := OrientedPercentiles(Indicator{}, []float64{1, 3, 2})
	for i, want := range []float64{0, 1, 0.5} {
		if worse[i] != want || better[i] != 1-want {
			t.Errorf("%d: %v and %v, want %v and %v", i, worse[i], better[i], want, 1-want)
		}
	}
}
