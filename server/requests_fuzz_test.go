package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// fuzzRoutes are the paths FuzzRequestQuery sends its query strings to:
// every family of data endpoint.
var fuzzRoutes = []string{
	"/ogc/collections/actors/items",
	"/ogc/collections/partnerships/items",
	"/ogc/collections/communes/items",
	"/ogc/collections/gaps-departement/items",
	"/ogc/collections/actors/items/1",
	"/api/gaps",
	"/api/flows",
	"/api/stats",
	"/api/matches",
	"/api/actor-clusters",
	"/api/territories/search",
	"/api/territories/69/portrait",
	"/api/territories/69/timeline",
	"/api/territories/69/similar",
	"/api/territories/69/duplicable",
	"/api/indicators/chomage/values",
}

// FuzzRequestQuery sends arbitrary query strings to every endpoint family
// on the embedded store: whatever the input, the answer is never a 5xx
// nor a panic, and a refusal is a problem document.
func FuzzRequestQuery(f *testing.F) {
	for _, seed := range []string{
		"limit=10", "bbox=4,45,5,46", "limit=-1&offset=x", "filter=name%20LIKE%20'%25a'", "datetime=2020-01-01/..",
		"level=commune&domain=all", "level=departement&territory=69", "zoom=5&bbox=-5,41,10,51", "q=lyon", "from=2010&to=2020&step=year",
		"crs=http://www.opengis.net/def/crs/EPSG/0/2154&bbox-crs=x", "f=csv", "properties=name,kind", "after=%00",
	} {
		for i := range fuzzRoutes {
			f.Add(uint8(i), seed)
		}
	}
	st := newStore(f)
	h := server.New(st, server.Config{}, nil).Handler()
	f.Fuzz(func(t *testing.T, route uint8, query string) {
		target := fuzzRoutes[int(route)%len(fuzzRoutes)]
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = target
		req.URL.RawQuery = query
		req.RequestURI = target + "?" + query
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: %d %s", target, query, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") {
			t.Fatalf("%s?%s: %d with Content-Type %q", target, query, rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}
