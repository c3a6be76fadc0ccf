package analysis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestActorPartners lists partners on the fixture (data/storetest's
// fixture.go), each expectation read by hand from its partnerships and
// places: Industries Lumière (1, Lyon) is in 101 (with 2), 102 (3), 104
// (4), 105 (11, as actor_b), 106 (6) and 109 (8, as actor_b).
func TestActorPartners(t *testing.T) {
	fixture := func() (*dataset.Dataset, error) { return storetest.Fixture(), nil }
	p := func(partnership, actor int64, name string, kind geo.ActorKind, c geo.Category, d geo.Domain, s geo.Scale) analysis.Partner {
		return analysis.Partner{Partnership: partnership, Actor: actor, Name: name, Kind: kind, Category: c, Domain: d, Scale: s}
	}
	cases := []struct {
		actor int64
		limit int
		total int
		want  []analysis.Partner
	}{
		{1, 4, 6, []analysis.Partner{
			p(101, 2, "Insertion Villeurbanne", geo.KindAssociation, geo.CategoryMecenat, geo.DomainInsertionEmploi, geo.ScaleLocal),
			p(102, 3, "Mairie de Lyon", geo.KindCollectivite, geo.CategoryPratiquesResponsables, geo.DomainEducationJeunesse, geo.ScaleLocal),
			p(104, 4, "Université de Grenoble", geo.KindEnseignement, geo.CategoryInnovationSocietale, geo.DomainEducationJeunesse, geo.ScaleRegional),
			p(105, 11, "Agence pour l'emploi de Tarare", geo.KindEtat, geo.CategoryMecenat, geo.DomainInsertionEmploi, geo.ScaleRegional),
		}},
		// The last two: one with Paris, one with Geneva, where actor 1 is
		// actor_b.
		{1, 200, 6, nil},
		// Réunion Sport (7, Saint-Denis) has one partnership, ended, with
		// Services Paris: ended ones are partners too.
		{7, 12, 1, []analysis.Partner{
			p(108, 6, "Services Paris", geo.KindEntreprise, geo.CategoryMecenat, geo.DomainSport, geo.ScaleNational),
		}},
	}
	onBothStores(t, fixture, func(t *testing.T, c storeCase) {
		ctx := context.Background()
		for _, tc := range cases {
			got, err := c.an.ActorPartners(ctx, tc.actor, tc.limit, nil)
			if err != nil {
				t.Fatalf("ActorPartners(%d, %d): %v", tc.actor, tc.limit, err)
			}
			if got.Actor.ID != tc.actor || got.Total != tc.total {
				t.Errorf("ActorPartners(%d, %d): actor %d, total %d, want %d and %d", tc.actor, tc.limit, got.Actor.ID, got.Total, tc.actor, tc.total)
			}
			if tc.want == nil {
				if len(got.Partners) != tc.total {
					t.Errorf("ActorPartners(%d, %d) lists %d partners, want all %d", tc.actor, tc.limit, len(got.Partners), tc.total)
				} else if last := got.Partners[tc.total-1]; last.Partnership != 109 || last.Actor != 8 || last.Scale != geo.ScaleInternational {
					t.Errorf("ActorPartners(%d, %d): last %+v, want 109 with Geneva's actor 8, international", tc.actor, tc.limit, last)
				}
				continue
			}
			if len(got.Partners) != len(tc.want) {
				t.Fatalf("ActorPartners(%d, %d) = %+v, want %+v", tc.actor, tc.limit, got.Partners, tc.want)
			}
			for i := range tc.want {
				if got.Partners[i] != tc.want[i] {
					t.Errorf("ActorPartners(%d, %d)[%d] = %+v, want %+v", tc.actor, tc.limit, i, got.Partners[i], tc.want[i])
				}
			}
		}
		// In 2021 only 101 (from 2019), 102 (2020–2022), 104 (2018), 105
		// (2017) and 106 (2016) of actor 1's were active: 109 began in
		// 2023.
		y2021 := &data.Interval{Start: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)}
		if got, err := c.an.ActorPartners(ctx, 1, 12, y2021); err != nil || got.Total != 5 || got.Partners[4].Partnership != 106 {
			t.Errorf("ActorPartners(1) in 2021: %+v, %v; want 101, 102, 104, 105, 106", got, err)
		}
		if _, err := c.an.ActorPartners(ctx, 999, 12, nil); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("an unknown actor: %v, want ErrNotFound", err)
		}
		var fe *data.FilterError
		if _, err := c.an.ActorPartners(ctx, 1, 0, nil); !errors.As(err, &fe) || fe.Property != "limit" {
			t.Errorf("limit 0: %v, want a FilterError naming limit", err)
		}
	})
}
