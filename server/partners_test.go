package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// TestActorPartners serves the fixture's Industries Lumière (actor 1): six
// partnerships (101, 102, 104, 105, 106, 109 in data/storetest's
// fixture.go), the first two with Insertion Villeurbanne and the Mairie de
// Lyon, both local; and refuses what names no actor or a bad limit.
func TestActorPartners(t *testing.T) {
	t.Parallel()
	st, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, st, server.Config{})
	var doc struct {
		Actor struct {
			ID   int64
			Name string
		}
		Total    int
		Partners []struct {
			Partnership, ID    int64
			Name, Kind, Domain string
			Category, Scale    string
		}
	}
	rec := get(t, h, "/api/actors/1/partners?limit=2")
	if rec.Code != http.StatusOK {
		t.Fatalf("partners: %d %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// Today's: 101, 104, 105, 106, 109 (102 ended in 2022).
	if doc.Actor.ID != 1 || doc.Actor.Name != "Industries Lumière" || doc.Total != 5 || len(doc.Partners) != 2 {
		t.Fatalf("partners of 1: %+v", doc)
	}
	first, second := doc.Partners[0], doc.Partners[1]
	if first.Partnership != 101 || first.ID != 2 || first.Name != "Insertion Villeurbanne" || first.Kind != "association" ||
		first.Category != "mecenat" || first.Domain != "insertion_emploi" || first.Scale != "local" {
		t.Errorf("first partner: %+v", first)
	}
	if second.Partnership != 104 || second.ID != 4 || second.Name != "Université de Grenoble" || second.Scale != "regional" {
		t.Errorf("second partner: %+v", second)
	}
	// Every one on record: 102 too.
	if rec := get(t, h, "/api/actors/1/partners?limit=2&datetime=../.."); rec.Code != http.StatusOK {
		t.Errorf("every partner: %d %s", rec.Code, rec.Body)
	} else if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc.Total != 6 || doc.Partners[1].Partnership != 102 {
		t.Errorf("every partner: %+v, %v; want 6, 102 second", doc, err)
	}
	// In 2023, 109 (Geneva's foundation) began and 102 had ended.
	if rec := get(t, h, "/api/actors/1/partners?datetime=2023-06-01"); rec.Code != http.StatusOK {
		t.Errorf("partners in 2023: %d %s", rec.Code, rec.Body)
	} else if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc.Total != 5 || doc.Partners[0].Partnership != 101 {
		t.Errorf("partners in 2023: %+v, %v; want 101, 104, 105, 106, 109", doc, err)
	}
	checkProblems(t, h, []problemCase{
		{"/api/actors/999/partners", http.StatusNotFound, "id"},
		{"/api/actors/x/partners", http.StatusNotFound, "id"},
		{"/api/actors/1/partners?limit=0", http.StatusBadRequest, "limit"},
		{"/api/actors/1/partners?limit=201", http.StatusBadRequest, "limit"},
		{"/api/actors/1/partners?limite=3", http.StatusBadRequest, "limite"},
		{"/api/actors/1/partners?datetime=hier", http.StatusBadRequest, "datetime"},
	})
}
