package analysis_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// TestSuggestMatches asks for suggestions on the contract fixture, each case
// worked out by hand from the fixture's actors and partnerships.
func TestSuggestMatches(t *testing.T) {
	t.Parallel()
	rhone := data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}
	cases := []struct {
		name     string
		t        data.TerritoryRef
		domain   geo.Domain
		radiusKm float64
		want     [][2]int64 // company, association
	}{
		// Industries Lumière (1, 1 200 staff) and Insertion Villeurbanne (2)
		// are already partners (101): nothing to suggest.
		{"already partnered", rhone, geo.DomainInsertionEmploi, 50, nil},
		// Genay Jeunesse (10) acts for youth, ~15 km from Lyon.
		{"within the radius", rhone, geo.DomainEducationJeunesse, 50, [][2]int64{{1, 10}}},
		{"beyond the radius", rhone, geo.DomainEducationJeunesse, 5, nil},
		// Région 84 adds no company (4 is a university, 9 a club) and no
		// youth association beyond Genay's.
		{"région 84", data.TerritoryRef{Level: geo.LevelRegion, Code: "84"}, geo.DomainEducationJeunesse, 50, [][2]int64{{1, 10}}},
		// Lyon has the company but no youth association.
		{"commune without association", data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"}, geo.DomainEducationJeunesse, 50, nil},
		// Services Paris has 50 staff but no association near it.
		{"Paris", data.TerritoryRef{Level: geo.LevelDepartement, Code: "75"}, geo.DomainNumerique, 50, nil},
	}
	onBothStores(t, fixture, func(t *testing.T, s storeCase) {
		ctx := context.Background()
		for _, c := range cases {
			m, err := s.an.SuggestMatches(ctx, c.t, c.domain, c.radiusKm, 10)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var got [][2]int64
			for _, sg := range m.Suggestions {
				got = append(got, [2]int64{sg.Company, sg.Association})
				if len(sg.Reasons) == 0 || sg.DistanceKm > c.radiusKm {
					t.Errorf("%s: suggestion %+v has no reason or lies beyond %g km", c.name, sg, c.radiusKm)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: suggestions %v, want %v", c.name, got, c.want)
			}
		}
		var fe *data.FilterError
		for _, bad := range []struct {
			radius   float64
			domain   geo.Domain
			property string
		}{{0, geo.DomainSport, "radius_km"}, {-3, geo.DomainSport, "radius_km"}, {10, geo.DomainAll, "domain"}} {
			if _, err := s.an.SuggestMatches(ctx, rhone, bad.domain, bad.radius, 10); !errors.As(err, &fe) || fe.Property != bad.property {
				t.Errorf("SuggestMatches(radius %g, %s): got %v, want a FilterError naming %s", bad.radius, bad.domain, err, bad.property)
			}
		}
	})
}
