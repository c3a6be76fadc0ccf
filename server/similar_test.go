package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// TestSimilarAndDuplicable serves storetest.PlantedTwinDataset: the twin
// first among the similar communes, its alliance first among the
// solutions, in the JSON portrait too.
func TestSimilarAndDuplicable(t *testing.T) {
	t.Parallel()
	ds, err := storetest.PlantedTwinDataset(true)
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, st, server.Config{})
	base := "/api/territories/" + storetest.PlantedCommune
	var sim struct {
		Similar []struct {
			Code     string
			Distance float64
			Parts    []struct{ Part, Reason string }
		}
	}
	if rec := get(t, h, base+"/similar?limit=2"); rec.Code != http.StatusOK {
		t.Fatalf("similar: %d %s", rec.Code, rec.Body)
	} else if err := json.Unmarshal(rec.Body.Bytes(), &sim); err != nil {
		t.Fatal(err)
	}
	if len(sim.Similar) != 2 || sim.Similar[0].Code != storetest.PlantedTwin || len(sim.Similar[0].Parts) != 5 {
		t.Errorf("similar: %+v, want 2 with %s first, in five parts", sim.Similar, storetest.PlantedTwin)
	}
	var dup struct {
		Gaps      []struct{ Domain string }
		Solutions []struct {
			ID       int64
			Alliance struct{ Name string }
			Reasons  []string
		}
	}
	if rec := get(t, h, base+"/duplicable"); rec.Code != http.StatusOK {
		t.Fatalf("duplicable: %d %s", rec.Code, rec.Body)
	} else if err := json.Unmarshal(rec.Body.Bytes(), &dup); err != nil {
		t.Fatal(err)
	}
	if len(dup.Solutions) != 2 || dup.Solutions[0].ID != storetest.PlantedAlliance || dup.Solutions[0].Alliance.Name == "" ||
		len(dup.Solutions[0].Reasons) == 0 || len(dup.Gaps) == 0 || dup.Gaps[0].Domain != "insertion_emploi" {
		t.Errorf("duplicable: %+v", dup)
	}
	var portrait struct {
		Similar    []struct{ Code string }
		Duplicable []struct{ ID int64 }
	}
	if rec := get(t, h, base+"/portrait"); rec.Code != http.StatusOK {
		t.Fatalf("portrait: %d %s", rec.Code, rec.Body)
	} else if err := json.Unmarshal(rec.Body.Bytes(), &portrait); err != nil {
		t.Fatal(err)
	}
	if len(portrait.Similar) == 0 || portrait.Similar[0].Code != storetest.PlantedTwin ||
		len(portrait.Duplicable) == 0 || portrait.Duplicable[0].ID != storetest.PlantedAlliance {
		t.Errorf("portrait: similar %v, duplicable %v", portrait.Similar, portrait.Duplicable)
	}
	if page := get(t, h, "/portrait/"+storetest.PlantedCommune).Body.String(); !containsAll(page, "Tremplin emploi 69003", "Territoires semblables") {
		t.Errorf("the printable portrait names neither the twin's alliance nor the similar territories")
	}

	checkProblems(t, h, []problemCase{
		{base + "/similar?limit=0", http.StatusBadRequest, "limit"},
		{base + "/similar?limit=101", http.StatusBadRequest, "limit"},
		{base + "/duplicable?limit=51", http.StatusBadRequest, "limit"},
		{base + "/duplicable?level=canton", http.StatusBadRequest, "level"},
		{base + "/similar?sort=x", http.StatusBadRequest, "sort"},
		{"/api/territories/99999/similar", http.StatusNotFound, ""},
		{"/api/territories/99999/duplicable", http.StatusNotFound, ""},
	})
}
