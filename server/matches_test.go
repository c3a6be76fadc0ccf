package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/maillage/maillage/server"
)

func TestMatches(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	rec := get(t, h, "/api/matches?territory=69&domain=education_jeunesse&radius_km=50")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var m struct {
		Territory   struct{ Level, Code, Name string }
		DomainLabel string  `json:"domain_label"`
		RadiusKm    float64 `json:"radius_km"`
		Scoring     string  `json:"scoring"`
		Suggestions []struct {
			Company     int64    `json:"company"`
			Association int64    `json:"association"`
			DistanceKm  float64  `json:"distance_km"`
			Score       float64  `json:"score"`
			Reasons     []string `json:"reasons"`
		} `json:"suggestions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m.Territory.Level != "departement" || m.Territory.Name != "Rhône" || m.RadiusKm != 50 || m.Scoring == "" || m.DomainLabel == "" {
		t.Errorf("header: %+v", m)
	}
	if len(m.Suggestions) != 1 || m.Suggestions[0].Company != 1 || m.Suggestions[0].Association != 10 ||
		m.Suggestions[0].DistanceKm > 50 || len(m.Suggestions[0].Reasons) < 3 {
		t.Errorf("suggestions: %+v, want Industries Lumière (1) with Genay Jeunesse (10), with reasons", m.Suggestions)
	}
	if rec := get(t, h, "/api/matches?territory=84&level=departement&domain=culture"); rec.Code != http.StatusOK {
		t.Errorf("département 84 with its level: %d %s", rec.Code, rec.Body)
	}
}

func TestMatchesInvalidParameters(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	cases := []struct{ query, param string }{
		{"domain=sport", "territory"},
		{"territory=69", "domain"},
		{"territory=69&domain=all", "domain"},
		{"territory=84&domain=sport", "level"},
		{"territory=84&level=canton&domain=sport", "level"},
		{"territory=99999&domain=sport", "territory"},
		{"territory=69&domain=sport&radius_km=0", "radius_km"},
		{"territory=69&domain=sport&radius_km=-3", "radius_km"},
		{"territory=69&domain=sport&radius_km=500", "radius_km"},
		{"territory=69&domain=sport&radius_km=NaN", "radius_km"},
		{"territory=69&domain=sport&limit=1000", "limit"},
		{"territory=69&domain=sport&bbox=1,2,3,4", "bbox"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/matches?"+c.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			if p := decodeProblem(t, rec); p.Parameter != c.param {
				t.Errorf("problem names %q, want %q (%s)", p.Parameter, c.param, p.Detail)
			}
		})
	}
}
