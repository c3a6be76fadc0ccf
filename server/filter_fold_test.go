package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/maillage/maillage/server"
)

// TestFilterEqualitiesAsParameters checks that a filter made of equalities
// answers as the equality parameters saying the same do, on every path
// that takes both (items, a gap collection, tiles, flows), on the demo:
// the same features, tile bytes and flows. A gap collection took no filter
// before (400), so its case fails if items stop folding.
func TestFilterEqualitiesAsParameters(t *testing.T) {
	t.Parallel()
	st, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(st, server.Config{}, testLogger(t)).Handler()
	cases := []struct {
		name, path, filter, params string
		compare                    func(t *testing.T, a, b []byte)
	}{
		{"actors", "/ogc/collections/actors/items", "kind = 'association' AND employer = TRUE", "kind=association&employer=true", sameFeatures},
		{"partnerships, the equality after the rest", "/ogc/collections/partnerships/items", "start > DATE('2015-01-01') AND scale = 'regional'", "scale=regional&filter=" + url.QueryEscape("start > DATE('2015-01-01')"), sameFeatures},
		{"gap collection", "/ogc/collections/gaps-departement/items", "domain = 'sport' AND class = '3-1'", "domain=sport&class=3-1", sameFeatures},
		{"actor cells tile", "/ogc/collections/actors/tiles/WebMercatorQuad/5/11/16", "kind = 'association'", "kind=association", sameBytes},
		{"partnerships tile", "/ogc/collections/partnerships/tiles/WebMercatorQuad/5/11/16", "'mecenat' = category", "category=mecenat", sameBytes},
		{"flows", "/api/flows", "domain = 'culture'", "level=departement&domain=culture", sameFlows},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			filtered := tc.path + "?filter=" + url.QueryEscape(tc.filter)
			if tc.name == "flows" {
				filtered += "&level=departement"
			}
			a, b := get(t, h, filtered), get(t, h, tc.path+"?"+tc.params)
			if a.Code != http.StatusOK || b.Code != http.StatusOK {
				t.Fatalf("GET %s: %d %s\nGET %s?%s: %d %s", filtered, a.Code, a.Body, tc.path, tc.params, b.Code, b.Body)
			}
			tc.compare(t, a.Body.Bytes(), b.Body.Bytes())
		})
	}
}

// sameFeatures compares two items answers' features (ids and properties),
// which must not be empty; their links differ by the parameters.
func sameFeatures(t *testing.T, a, b []byte) {
	t.Helper()
	fa, fb := decodePair[featureCollection](t, a, b)
	if len(fa.Features) == 0 {
		t.Fatal("no feature: the case proves nothing")
	}
	ja, _ := json.Marshal(fa.Features)
	jb, _ := json.Marshal(fb.Features)
	if !bytes.Equal(ja, jb) {
		t.Errorf("features differ: %d with the filter, %d with the parameters", len(fa.Features), len(fb.Features))
	}
	if (fa.NumberMatched == nil) != (fb.NumberMatched == nil) || fa.NumberMatched != nil && *fa.NumberMatched != *fb.NumberMatched {
		t.Errorf("numberMatched %v against %v", fa.NumberMatched, fb.NumberMatched)
	}
}

// sameBytes compares two tiles, which must not be empty.
func sameBytes(t *testing.T, a, b []byte) {
	t.Helper()
	if len(a) == 0 {
		t.Fatal("an empty tile: the case proves nothing")
	}
	if !bytes.Equal(a, b) {
		t.Errorf("tiles differ: %d bytes with the filter, %d with the parameters", len(a), len(b))
	}
}

// sameFlows compares two /api/flows answers' features.
func sameFlows(t *testing.T, a, b []byte) {
	t.Helper()
	fa, fb := decodePair[flowsDoc](t, a, b)
	if len(fa.Features) == 0 {
		t.Fatal("no flow: the case proves nothing")
	}
	ja, _ := json.Marshal(fa)
	jb, _ := json.Marshal(fb)
	if !bytes.Equal(ja, jb) {
		t.Errorf("flows differ: %d with the filter, %d with the parameters", len(fa.Features), len(fb.Features))
	}
}

// decodePair decodes two JSON answers of one kind.
func decodePair[T any](t *testing.T, a, b []byte) (T, T) {
	t.Helper()
	var x, y T
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return x, y
}
