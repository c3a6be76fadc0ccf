package server_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// flowsDoc is what tests read of /api/flows.
type flowsDoc struct {
	Type     string `json:"type"`
	Level    string `json:"level"`
	Matched  int    `json:"matched"`
	Flows    int    `json:"flows"`
	Internal int    `json:"internal"`
	Unplaced int    `json:"unplaced"`
	Features []struct {
		ID       string `json:"id"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func getFlows(t *testing.T, h http.Handler, query string) flowsDoc {
	t.Helper()
	rec := get(t, h, "/api/flows?"+query)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/flows?%s: status %d: %s", query, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("Content-Type %q, want application/geo+json", ct)
	}
	var d flowsDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if d.Matched != d.Flows+d.Internal+d.Unplaced {
		t.Errorf("matched %d != flows %d + internal %d + unplaced %d", d.Matched, d.Flows, d.Internal, d.Unplaced)
	}
	return d
}

// TestFlows runs /api/flows on testDataset: partnership 1 stays in the
// Rhône, 2 goes from the Rhône to the Ain, 3 has an end in Geneva and
// ended in 2022, so that without datetime (today) it is not counted.
func TestFlows(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		name                               string
		query                              string
		matched, flows, internal, unplaced int
		ids                                []string
	}{
		{"départements", "level=departement", 2, 1, 1, 0, []string{"01-69"}},
		{"every partnership on record", "level=departement&datetime=../..", 3, 1, 1, 1, []string{"01-69"}},
		{"région: everything internal", "level=region", 2, 0, 2, 0, []string{}},
		{"EPCIs", "level=epci", 2, 1, 1, 0, []string{"200046977-200071751"}},
		{"touching the Ain", "level=departement&departement=01", 1, 1, 0, 0, []string{"01-69"}},
		{"scale", "level=departement&scale=local", 1, 0, 1, 0, []string{}},
		// Active at some point of the interval: 1 (2019–) and 3 (2018–2022), not 2 (2021–).
		{"datetime", "level=departement&datetime=2019-06-01/2020-12-31", 2, 0, 1, 1, []string{}},
		// 3 ended in 2022.
		{"datetime after an end", "level=departement&datetime=2023-01-01/..", 2, 1, 1, 0, []string{"01-69"}},
		{"CQL2", "level=departement&filter=category%3D%27mecenat%27", 1, 0, 1, 0, []string{}},
		{"bbox", "level=departement&bbox=5.1,46.1,5.3,46.3", 1, 1, 0, 0, []string{"01-69"}},
		{"top", "level=departement&top=1", 2, 1, 1, 0, []string{"01-69"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := getFlows(t, h, c.query)
			if d.Matched != c.matched || d.Flows != c.flows || d.Internal != c.internal || d.Unplaced != c.unplaced {
				t.Errorf("got matched %d flows %d internal %d unplaced %d, want %d %d %d %d",
					d.Matched, d.Flows, d.Internal, d.Unplaced, c.matched, c.flows, c.internal, c.unplaced)
			}
			var ids []string
			for _, f := range d.Features {
				ids = append(ids, f.ID)
			}
			if !slices.Equal(ids, c.ids) && !(len(ids) == 0 && len(c.ids) == 0) {
				t.Errorf("features %v, want %v", ids, c.ids)
			}
		})
	}
	d := getFlows(t, h, "level=departement")
	f := d.Features[0]
	if f.Geometry.Type != "LineString" || f.Properties["count"] != 1.0 || f.Properties["regional"] != 1.0 ||
		f.Properties["a_name"] != "Ain" || f.Properties["b_name"] != "Rhône" {
		t.Errorf("flow 01-69: got %s %v", f.Geometry.Type, f.Properties)
	}
	// The Ain's point lies inside its box (4.7..6.2, 45.6..46.5).
	var line [][2]float64
	if err := json.Unmarshal(f.Geometry.Coordinates, &line); err != nil || len(line) != 2 ||
		line[0][0] < 4.7 || line[0][0] > 6.2 || line[0][1] < 45.6 || line[0][1] > 46.5 {
		t.Errorf("flow 01-69 line %s, want it to start inside the Ain", f.Geometry.Coordinates)
	}
	terr := getFlows(t, h, "level=departement&view=territories")
	want := map[string][3]float64{"01": {0, 0, 1}, "69": {1, 1, 0}} // internal, outgoing, incoming
	if len(terr.Features) != 2 {
		t.Fatalf("territories: got %d features, want 2", len(terr.Features))
	}
	for _, f := range terr.Features {
		p, w := f.Properties, want[f.ID]
		if f.Geometry.Type != "Point" || p["internal"] != w[0] || p["outgoing"] != w[1] || p["incoming"] != w[2] {
			t.Errorf("territory %s: got %s %v, want internal, outgoing, incoming %v", f.ID, f.Geometry.Type, p, w)
		}
	}
}

func TestFlowsInvalidParameters(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct{ query, param string }{
		{"", "level"},
		{"level=commune", "level"},
		{"level=Region", "level"},
		{"level=region&top=0", "top"},
		{"level=region&top=ten", "top"},
		{"level=region&top=10001", "top"},
		{"level=region&view=lines", "view"},
		{"level=region&bbox=1,2,3", "bbox"},
		{"level=region&datetime=yesterday", "datetime"},
		{"level=region&scale=planetary", ""},
		{"level=region&actor_a=one", "actor_a"},
		{"level=region&departement=69&region=84", "region"},
		{"level=region&commune=69%20123", "commune"},
		{"level=region&filter=nope%20%3D", "filter"},
		{"level=region&limit=5", "limit"},
		{"level=region&level=epci", "level"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/flows?"+c.query)
			if rec.Code != http.StatusBadRequest && !(c.param == "" && rec.Code == http.StatusOK) {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			if rec.Code == http.StatusOK {
				return // an unknown scale value matches nothing, like any equality filter
			}
			if p := decodeProblem(t, rec); p.Parameter != c.param {
				t.Errorf("problem names %q, want %q (%s)", p.Parameter, c.param, p.Detail)
			}
		})
	}
}

// TestItemsTouches checks the territory parameters of partnerships' items
// and that paging links carry them on.
func TestItemsTouches(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		query string
		want  []string
	}{
		{"departement=01", []string{"2"}},
		{"departement=69", []string{"1", "2", "3"}},
		{"commune=69266", []string{"1", "2"}},
		{"epci=200071751", []string{"2"}},
		{"region=84&category=mecenat", []string{"1"}},
		{"departement=75", []string{}},
	}
	for _, c := range cases {
		rec := get(t, h, "/ogc/collections/partnerships/items?"+c.query)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", c.query, rec.Code, rec.Body)
		}
		fc := decodeFC(t, rec.Body)
		if got := fc.ids(); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.query, got, c.want)
		}
	}
	rec := get(t, h, "/ogc/collections/partnerships/items?departement=69&limit=1")
	if next := decodeFC(t, rec.Body).link("next"); !strings.Contains(next, "departement=69") {
		t.Errorf("next link %q does not carry departement=69", next)
	}
	for _, bad := range []struct{ target, param string }{
		{"/ogc/collections/actors/items?departement=69&epci=200046977", ""}, // actors: two queryables, fine
		{"/ogc/collections/partnerships/items?departement=69&commune=69123", "departement"},
		{"/ogc/collections/partnerships/items?region=", "region"},
		{"/ogc/collections/alliances/items?departement=69", "departement"},
	} {
		rec := get(t, h, bad.target)
		if bad.param == "" {
			if rec.Code != http.StatusOK {
				t.Errorf("%s: status %d", bad.target, rec.Code)
			}
			continue
		}
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad.target, rec.Code)
			continue
		}
		if p := decodeProblem(t, rec); p.Parameter != bad.param {
			t.Errorf("%s: problem names %q, want %q", bad.target, p.Parameter, bad.param)
		}
	}
}
