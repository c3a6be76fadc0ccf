package analysis_test

import (
	"context"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestPlantedGap ranks the planted-gap territory (storetest.PlantedGapFiles,
// read back through the importer's readers) on both stores.
func TestPlantedGap(t *testing.T) {
	t.Parallel()
	onBothStores(t, storetest.PlantedGapDataset, func(t *testing.T, c storeCase) {
		checkPlantedGap(t, c.an)
	})
}

// TestPlantedGapThroughImport imports the planted-gap files one by one into
// PostGIS, as `maillage import` does, and ranks them.
func TestPlantedGapThroughImport(t *testing.T) {
	t.Parallel()
	s := newPostGIS(t)
	storetest.ImportPlantedGap(t, s)
	checkPlantedGap(t, analysis.New(s, analysis.Config{}))
}

// checkPlantedGap checks that the planted commune ranks first in
// insertion_emploi with the largest possible gap (most fragile, least
// covered: class "3-1"), and does not in solidarite, where it is not the
// most fragile.
func checkPlantedGap(t *testing.T, an *analysis.Analyst) {
	t.Helper()
	ctx := context.Background()
	r, err := an.RankGaps(ctx, geo.LevelCommune, geo.DomainInsertionEmploi, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 10 || len(r.Unrated) != 0 {
		t.Fatalf("%d rows and %d unrated, want 10 and 0", len(r.Rows), len(r.Unrated))
	}
	top := r.Rows[0]
	if top.Code != storetest.PlantedCommune || top.Rank != 1 || top.Gap != 1 || top.Class != "3-1" || top.Partnerships != 0 {
		t.Errorf("insertion_emploi: first is %s (rank %d, gap %v, class %s, %d partnerships), want %s with gap 1, class 3-1, none",
			top.Code, top.Rank, top.Gap, top.Class, top.Partnerships, storetest.PlantedCommune)
	}
	if r.Rows[1].Gap >= top.Gap {
		t.Errorf("insertion_emploi: second gap %v is not below the planted one", r.Rows[1].Gap)
	}
	r, err = an.RankGaps(ctx, geo.LevelCommune, geo.DomainSolidarite, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rows[0].Code == storetest.PlantedCommune {
		t.Errorf("solidarite: the planted commune ranks first, though it is not the poorest")
	}
	within, err := an.RankGaps(ctx, geo.LevelCommune, geo.DomainInsertionEmploi, &data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(within.Rows) != 10 || within.Rows[0].Code != storetest.PlantedCommune {
		t.Errorf("within département 69: %d rows, first %v", len(within.Rows), within.Rows)
	}
}

// fixture is storetest.Fixture as onBothStores takes it.
func fixture() (*dataset.Dataset, error) { return storetest.Fixture(), nil }
