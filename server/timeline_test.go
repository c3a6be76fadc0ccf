package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/maillage/maillage/server"
)

// TestTimeline reads the Rhône's timeline on the contract fixture, counted
// by hand: its partnerships are 101 (2019–), 102 (2020–2022), 103 (2021–),
// 104 (2018–), 105 (2017–), 106 (2016–), 109 (2023–) and 110 (2020–); its
// associations 2 (partnering from 2019) and 10 (from 2020); its company of
// 10+ is 1 (from 2016).
func TestTimeline(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	rec := get(t, h, "/api/territories/69/timeline?level=departement&from=2019&to=2020&step=year")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var doc struct {
		Territory    struct{ Level, Code, Name string }
		From, To     int
		Step         string
		Associations int64
		Companies10  int64
		Years        []struct {
			Year                   int
			Active, Started, Ended int64
			ByDomain               map[string]int64 `json:"by_domain"`
			AssociationsPartnering int64            `json:"associations_partnering"`
			AssociationRate        *float64         `json:"association_rate"`
			Company10Rate          *float64         `json:"company10_rate"`
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Territory.Name != "Rhône" || doc.From != 2019 || doc.To != 2020 || doc.Step != "year" || len(doc.Years) != 2 {
		t.Fatalf("timeline %+v", doc)
	}
	if doc.Associations != 2 || doc.Companies10 != 1 {
		t.Errorf("%d associations, %d companies of 10+; want 2 and 1", doc.Associations, doc.Companies10)
	}
	for i, want := range []struct {
		active, started, education, associations int64
		rate                                     float64
	}{
		{4, 1, 1, 1, 50},  // 2019: 106, 105, 104, 101; 104 in education
		{6, 2, 2, 2, 100}, // 2020: and 102, 110; 102 in education
	} {
		y := doc.Years[i]
		if y.Active != want.active || y.Started != want.started || y.Ended != 0 || y.ByDomain["education_jeunesse"] != want.education {
			t.Errorf("%d: %+v, want %+v", y.Year, y, want)
		}
		if y.AssociationsPartnering != want.associations || y.AssociationRate == nil || *y.AssociationRate != want.rate ||
			y.Company10Rate == nil || *y.Company10Rate != 100 {
			t.Errorf("%d: rates %v %v, want %v and 100", y.Year, y.AssociationRate, y.Company10Rate, want.rate)
		}
	}

	checkProblems(t, h, []problemCase{
		{"/api/territories/84/timeline", http.StatusBadRequest, "level"},
		{"/api/territories/99999/timeline", http.StatusNotFound, ""},
		{"/api/territories/69/timeline?from=2019.5", http.StatusBadRequest, "from"},
		{"/api/territories/69/timeline?from=1800", http.StatusBadRequest, "from"},
		{"/api/territories/69/timeline?to=3000", http.StatusBadRequest, "to"},
		{"/api/territories/69/timeline?from=2020&to=2019", http.StatusBadRequest, "from"},
		{"/api/territories/69/timeline?from=1901&to=2020", http.StatusBadRequest, "to"},
		{"/api/territories/69/timeline?step=month", http.StatusBadRequest, "step"},
		{"/api/territories/69/timeline?from=2019&from=2020", http.StatusBadRequest, "from"},
		{"/api/territories/69/timeline?datetime=2020", http.StatusBadRequest, "datetime"},
	})
}
