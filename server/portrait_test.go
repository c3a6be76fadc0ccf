package server_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/server"
)

func TestPortrait(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	rec := get(t, h, "/api/territories/69/portrait")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var p struct {
		Territory struct {
			Level, Code, Name string
			Population        int64
		}
		Parent       *struct{ Level, Code, Name string }
		Indicators   []struct{ ID string }
		ActorsByKind map[string]int64 `json:"actors_by_kind"`
		Actors       int64
		Datetime     *string
		Partnering   []struct {
			ID                     string
			Numerator, Denominator float64
		}
		Partnerships struct {
			Total    int64
			ByDomain map[string]int64 `json:"by_domain"`
			ByScale  map[string]int64 `json:"by_scale"`
			ByStage  map[string]int64 `json:"by_stage"`
			Unknown  int64            `json:"stage_unknown"`
		}
		Alliances []json.RawMessage
		Gaps      []json.RawMessage
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Territory.Level != "departement" || p.Territory.Name != "Rhône" || p.Parent == nil || p.Parent.Code != "84" || p.Parent.Level != "region" {
		t.Errorf("identity: %+v, parent %+v", p.Territory, p.Parent)
	}
	// Rhône's actors: 1 (company), 2 and 10 (associations), 3 (commune), 11 (State).
	wantKinds := map[string]int64{"entreprise": 1, "association": 2, "collectivite": 1, "etat": 1}
	for k, n := range p.ActorsByKind {
		if n != wantKinds[k] {
			t.Errorf("actors of kind %s: %d, want %d", k, n, wantKinds[k])
		}
	}
	if p.Actors != 5 {
		t.Errorf("actors: %d, want 5", p.Actors)
	}
	// The eight partnerships touching the Rhône (storetest coverage
	// cases) but 102, ended in 2022: without datetime, today's.
	if p.Partnerships.Total != 7 || p.Partnerships.ByDomain["education_jeunesse"] != 2 {
		t.Errorf("partnerships: %+v", p.Partnerships)
	}
	if p.Datetime == nil || *p.Datetime != today().Start.Format(time.DateOnly) {
		t.Errorf("datetime %v, want today's date", p.Datetime)
	}
	// By stage (storetest's fixture): 109 in creation; 101, 103, 105, 106
	// steered; 104 evaluated; 110 unknown.
	if st := p.Partnerships.ByStage; st["creation"] != 1 || st["pilotage"] != 4 || st["evaluation"] != 1 || p.Partnerships.Unknown != 1 {
		t.Errorf("by stage %v, %d unknown; want creation 1, pilotage 4, evaluation 1, 1 unknown", st, p.Partnerships.Unknown)
	}
	var scales int64
	for _, n := range p.Partnerships.ByScale {
		scales += n
	}
	if scales != p.Partnerships.Total {
		t.Errorf("scales add up to %d, total %d", scales, p.Partnerships.Total)
	}
	if len(p.Indicators) == 0 || len(p.Partnering) == 0 {
		t.Errorf("no indicators (%d) or partnering rates (%d)", len(p.Indicators), len(p.Partnering))
	}

	page := get(t, h, "/portrait/84?level=departement")
	body := page.Body.String()
	if page.Code != http.StatusOK || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", page.Code, page.Header().Get("Content-Type"))
	}
	// The timeline: Avignon Solidarités' one partnership, 107, from 2022
	// to this year, national; the association partners every year.
	year := strconv.Itoa(time.Now().Year())
	for _, want := range []string{"Vaucluse", "<svg", "Alliance vauclusienne", "Par étape du cycle de vie", "Indicateurs de fragilité", "Écarts de partenariat", `lang="fr"`,
		"année par année (2022–" + year + ")", "<title>2022 : 1 ", "<title>" + year + " : 1 ",
		"En " + year + " : 1 partenariats actifs, 0 nouveaux, 0 terminés ; associations ayant un partenariat actif : 100,0\u00a0% ; entreprises de 10 salariés et plus : aucune dans le territoire"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Errorf("the page links outside: it must print offline")
	}

	// Dated: the Rhône's partnerships of 2019 (101, 104, 105, 106 by
	// hand), in the JSON and on the page.
	var dated struct {
		Datetime     *string
		Partnerships struct{ Total int64 }
	}
	rec = get(t, h, "/api/territories/69/portrait?level=departement&datetime=2019-01-01/2019-12-31")
	if err := json.Unmarshal(rec.Body.Bytes(), &dated); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("dated portrait: %d %v", rec.Code, err)
	}
	if dated.Datetime == nil || *dated.Datetime != "2019-01-01/2019-12-31" || dated.Partnerships.Total != 4 {
		t.Errorf("dated portrait: datetime %v, %d partnerships; want 2019's 4", dated.Datetime, dated.Partnerships.Total)
	}
	if page := get(t, h, "/portrait/69?level=departement&datetime=2019-01-01/2019-12-31").Body.String(); !strings.Contains(page, "ceux actifs pendant 2019-01-01/2019-12-31") ||
		!strings.Contains(page, "datetime=2019-01-01/2019-12-31") {
		t.Errorf("the dated page does not say its date, or its JSON link drops it")
	}
	// Without datetime, the page says the day it counts.
	if page := get(t, h, "/portrait/69?level=departement").Body.String(); !strings.Contains(page, "ceux actifs le "+today().Start.Format(time.DateOnly)+".") {
		t.Errorf("the page without datetime does not say it counts today's partnerships")
	}
	checkProblems(t, h, []problemCase{
		{"/portrait/84", http.StatusBadRequest, "level"},
		{"/api/territories/84/portrait", http.StatusBadRequest, "level"},
		{"/api/territories/99999/portrait", http.StatusNotFound, ""},
		{"/api/territories/69/portrait?level=canton", http.StatusBadRequest, "level"},
		{"/api/territories/69/portrait?f=html", http.StatusBadRequest, "f"},
		{"/api/territories/69/portrait?datetime=2019", http.StatusBadRequest, "datetime"},
	})
}
