package server_test

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// actorClustersDoc is what tests read of /api/actor-clusters.
type actorClustersDoc struct {
	Type           string  `json:"type"`
	Zoom           int     `json:"zoom"`
	CellDegrees    float64 `json:"cell_degrees"`
	NumberMatched  int     `json:"numberMatched"`
	NumberReturned int     `json:"numberReturned"`
	Features       []struct {
		Type     string `json:"type"`
		ID       string `json:"id"`
		Geometry struct {
			Type        string     `json:"type"`
			Coordinates [2]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties struct {
			Count     int            `json:"count"`
			ByKind    map[string]int `json:"by_kind"`
			Employees int            `json:"employees"`
		} `json:"properties"`
	} `json:"features"`
}

func getActorClusters(t *testing.T, h http.Handler, query string) actorClustersDoc {
	t.Helper()
	rec := get(t, h, "/api/actor-clusters?"+query)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/actor-clusters?%s: status %d: %s", query, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("Content-Type %q, want application/geo+json", ct)
	}
	if !strings.Contains(rec.Body.String(), `"features":[`) {
		t.Errorf("features is not a list: %s", rec.Body)
	}
	var d actorClustersDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatalf("decode: %v", err)
	}
	n := 0
	for _, f := range d.Features {
		n += f.Properties.Count
	}
	if d.Type != "FeatureCollection" || d.NumberReturned != len(d.Features) || d.NumberMatched != n {
		t.Errorf("type %q, numberReturned %d, numberMatched %d for %d features of %d actors",
			d.Type, d.NumberReturned, d.NumberMatched, len(d.Features), n)
	}
	return d
}

// TestActorClusters runs /api/actor-clusters on testDataset: at zoom 6
// (cells of 1.40625°) Lyon, Villeurbanne and Bourg-en-Bresse fall in cell
// 3/32 and Geneva in 4/32; at zoom 9 (0.17578125°) Lyon and Villeurbanne
// share 27/260, Bourg is 29/262, Geneva 34/262.
func TestActorClusters(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		name   string
		query  string
		ids    []string
		counts []int
	}{
		{"zoom 6", "zoom=6&bbox=4,45,7,47", []string{"3/32", "4/32"}, []int{4, 1}},
		{"zoom 9", "zoom=9&bbox=4,45,7,47", []string{"27/260", "29/262", "34/262"}, []int{3, 1, 1}},
		{"zoom 0", "zoom=0&bbox=-180,-90,180,90", []string{"0/0"}, []int{5}},
		{"associations", "zoom=6&bbox=4,45,7,47&kind=association", []string{"3/32", "4/32"}, []int{1, 1}},
		{"a kind absent", "zoom=6&bbox=4,45,7,47&kind=etat", []string{}, []int{}},
		// Actors 1 and 2 sit on the box's corners, 4 inside it.
		{"bbox edges included", "zoom=9&bbox=4.8301,45.7601,4.8805,45.7702", []string{"27/260"}, []int{3}},
		{"the 6-number bbox", "zoom=9&bbox=4.8301,45.7601,0,4.8805,45.7702,10", []string{"27/260"}, []int{3}},
		{"open sea", "zoom=6&bbox=-10,-10,-9,-9", []string{}, []int{}},
		// 4.8301 / (90 / 2^22) = 225098.97…, 45.7601 / (90 / 2^22) = 2132575.22…
		{"the deepest zoom", "zoom=22&bbox=4.83,45.76,4.831,45.761", []string{"225098/2132575"}, []int{1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := getActorClusters(t, h, c.query)
			ids, counts := []string{}, []int{}
			for _, f := range d.Features {
				ids, counts = append(ids, f.ID), append(counts, f.Properties.Count)
				if f.Type != "Feature" || f.Geometry.Type != "Point" {
					t.Errorf("%s: a %s of %s", f.ID, f.Type, f.Geometry.Type)
				}
			}
			if !slices.Equal(ids, c.ids) || !slices.Equal(counts, c.counts) {
				t.Errorf("got cells %v counting %v, want %v counting %v", ids, counts, c.ids, c.counts)
			}
		})
	}
	d := getActorClusters(t, h, "zoom=6&bbox=4,45,7,47")
	if d.Zoom != 6 || d.CellDegrees != 1.40625 || d.NumberMatched != 5 || d.NumberReturned != 2 {
		t.Errorf("zoom %d, cell_degrees %v, numberMatched %d, numberReturned %d, want 6, 1.40625, 5, 2",
			d.Zoom, d.CellDegrees, d.NumberMatched, d.NumberReturned)
	}
	lyon := d.Features[0]
	wantKinds := map[string]int{"entreprise": 1, "association": 1, "enseignement": 1, "collectivite": 1}
	if lyon.Properties.Employees != 40 || !mapsEqual(lyon.Properties.ByKind, wantKinds) {
		t.Errorf("3/32: employees %d, by_kind %v, want 40 and %v", lyon.Properties.Employees, lyon.Properties.ByKind, wantKinds)
	}
	// The mean of actors 1 to 4, to 7 decimals.
	want := [2]float64{(4.8301 + 4.8805 + 5.2301 + 4.8359) / 4, (45.7601 + 45.7702 + 46.2002 + 45.7676) / 4}
	for i, v := range lyon.Geometry.Coordinates {
		if math.Abs(v-want[i]) > 0.6e-7 || math.Round(v*1e7)/1e7 != v {
			t.Errorf("3/32: coordinate %d is %v, want %v rounded to 7 decimals", i, v, want[i])
		}
	}
	geneva := d.Features[1]
	if geneva.Geometry.Coordinates != [2]float64{6.1432, 46.2044} || !mapsEqual(geneva.Properties.ByKind, map[string]int{"association": 1}) {
		t.Errorf("4/32: got %v %v, want Geneva's point and one association", geneva.Geometry.Coordinates, geneva.Properties.ByKind)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestActorClustersInvalidParameters(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct{ query, param, detail string }{
		{"", "zoom", "required"},
		{"bbox=4,45,7,47", "zoom", "required"},
		{"zoom=six&bbox=4,45,7,47", "zoom", "integer"},
		{"zoom=6.5&bbox=4,45,7,47", "zoom", "integer"},
		{"zoom=-1&bbox=4,45,7,47", "zoom", "0..22"},
		{"zoom=23&bbox=4,45,7,47", "zoom", "0..22"},
		{"zoom=6&zoom=7&bbox=4,45,7,47", "zoom", "once"},
		{"zoom=6", "bbox", "required"},
		{"zoom=6&bbox=4,45,7", "bbox", "4 numbers"},
		{"zoom=6&bbox=7,45,4,47", "bbox", "antimeridian"},
		{"zoom=6&bbox=4,45,7,95", "bbox", "latitudes"},
		{"zoom=6&bbox=4,45,x,47", "bbox", "finite"},
		{"zoom=12&bbox=-5.5,41,10,51.5", "bbox", "too many cells: zoom out or narrow the box"},
		{"zoom=8&bbox=-180,-90,180,90", "bbox", "too many cells"},
		{"zoom=6&bbox=4,45,7,47&kind=ministere", "kind", "not one of entreprise, association"},
		{"zoom=6&bbox=4,45,7,47&kind=Association", "kind", "not one of"},
		{"zoom=6&bbox=4,45,7,47&kind=", "kind", "not one of"},
		{"zoom=6&bbox=4,45,7,47&sector=public", "sector", "unknown parameter"},
		{"zoom=6&bbox=4,45,7,47&limit=5", "limit", "unknown parameter"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/actor-clusters?"+c.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			p := decodeProblem(t, rec)
			if p.Parameter != c.param || !strings.Contains(p.Detail, c.detail) {
				t.Errorf("problem names %q with %q, want %q with %q", p.Parameter, p.Detail, c.param, c.detail)
			}
		})
	}
}
