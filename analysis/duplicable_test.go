package analysis_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestSimilarAndDuplicable plants a twin of the gap commune with an
// alliance on its largest gap's stake (storetest.PlantedTwinDataset): the
// twin is the closest territory and the planted alliance the first
// solution, on both stores; without it, the decoy's comes first.
func TestSimilarAndDuplicable(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, withPlanted := range []bool{true, false} {
		ds := func() (*dataset.Dataset, error) { return storetest.PlantedTwinDataset(withPlanted) }
		t.Run(map[bool]string{true: "planted", false: "removed"}[withPlanted], func(t *testing.T) {
			onBothStores(t, ds, func(t *testing.T, c storeCase) {
				ctx := context.Background()
				sim, err := c.an.Similar(ctx, geo.LevelCommune, storetest.PlantedCommune, 3)
				if err != nil {
					t.Fatal(err)
				}
				if len(sim.Similar) != 3 || sim.Similar[0].Territory.Code != storetest.PlantedTwin {
					t.Fatalf("similar to %s: %+v, want %s first", storetest.PlantedCommune, sim.Similar, storetest.PlantedTwin)
				}
				first := sim.Similar[0]
				if first.Distance < 0.07 || first.Distance > 0.08 {
					t.Errorf("the twin is at %v, want about 0.075", first.Distance)
				}
				if !strings.Contains(first.Parts[0].Reason, "même classe (centre urbain intermédiaire)") {
					t.Errorf("the twin's density part says %q", first.Parts[0].Reason)
				}
				for i := 1; i < len(sim.Similar); i++ {
					if sim.Similar[i].Distance < sim.Similar[i-1].Distance {
						t.Errorf("similar not closest first: %v", sim.Similar)
					}
				}

				dup, err := c.an.Duplicable(ctx, geo.LevelCommune, storetest.PlantedCommune, 10, now)
				if err != nil {
					t.Fatal(err)
				}
				if len(dup.Gaps) == 0 || dup.Gaps[0].Domain != geo.DomainInsertionEmploi {
					t.Fatalf("gaps %+v, want insertion_emploi first", dup.Gaps)
				}
				var ids []int64
				for _, s := range dup.Solutions {
					ids = append(ids, s.ID)
				}
				want := []int64{storetest.PlantedAlliance, storetest.DecoyAlliance}
				if !withPlanted {
					want = want[1:]
				}
				if len(ids) != len(want) || ids[0] != want[0] || ids[len(ids)-1] != want[len(want)-1] {
					t.Fatalf("solutions %v, want %v (the sport alliance is on no gap's stake)", ids, want)
				}
				s := dup.Solutions[0]
				// The members are their commune's company and association,
				// whose two partnerships are local.
				if s.Partnerships != 2 || s.ByScale[geo.ScaleLocal] != 2 || s.Age == nil || *s.Age != 10 || s.GapRank != 1 {
					t.Errorf("first solution: %d partnerships %v, age %v, gap rank %d; want 2 local, 10 years, 1", s.Partnerships, s.ByScale, s.Age, s.GapRank)
				}
				if len(s.Reasons) != 5 || !strings.Contains(s.Reasons[0], "Insertion") || !strings.Contains(s.Reasons[4], "2 locaux") {
					t.Errorf("reasons %q", s.Reasons)
				}
			})
		})
	}
}

func TestSimilarErrors(t *testing.T) {
	ds := func() (*dataset.Dataset, error) { return storetest.PlantedTwinDataset(true) }
	onBothStores(t, ds, func(t *testing.T, c storeCase) {
		ctx := context.Background()
		var fe *data.FilterError
		if _, err := c.an.Similar(ctx, geo.LevelCommune, storetest.PlantedCommune, 0); !errors.As(err, &fe) || fe.Property != "limit" {
			t.Errorf("limit 0: %v", err)
		}
		if _, err := c.an.Similar(ctx, geo.LevelCommune, "99999", 3); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("unknown commune: %v", err)
		}
		if _, err := c.an.Duplicable(ctx, geo.LevelCommune, storetest.PlantedCommune, 51, time.Now()); !errors.As(err, &fe) || fe.Property != "limit" {
			t.Errorf("limit 51: %v", err)
		}
	})
}
