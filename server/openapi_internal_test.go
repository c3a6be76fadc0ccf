package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/data/memory"
)

// newTestServer is a Server over the embedded store with the sample
// dataset.
func newTestServer(t *testing.T) *Server {
	t.Helper()
	st, err := memory.New(datasettest.Sample())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return New(st, Config{}, nil)
}

// loadServedAPI fetches /ogc/api from s and loads it with kin-openapi.
func loadServedAPI(t *testing.T, s *Server) *openapi3.T {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/ogc/api", nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != mediaOpenAPI {
		t.Fatalf("GET /ogc/api: status %d, Content-Type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v", err)
	}
	return doc
}

// TestOpenAPIValidates loads the served document with kin-openapi and
// validates it against the OpenAPI 3.0 rules.
func TestOpenAPIValidates(t *testing.T) {
	t.Parallel()
	doc := loadServedAPI(t, newTestServer(t))
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document does not validate: %v", err)
	}
	limit := doc.Components.Parameters["limit"].Value.Schema.Value
	if limit.Min == nil || *limit.Min != 1 || limit.Max == nil || *limit.Max != maxLimit || limit.Default != float64(defaultLimit) {
		t.Errorf("limit schema: min %v max %v default %v, want 1, %d, %d", limit.Min, limit.Max, limit.Default, maxLimit, defaultLimit)
	}
}

// docQueryParams returns the query parameter names an operation declares
// (refs resolved by the loader).
func docQueryParams(t *testing.T, doc *openapi3.T, path string) []string {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil || item.Get == nil {
		t.Fatalf("the document has no GET %s", path)
	}
	var names []string
	for _, p := range item.Get.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
			names = append(names, p.Value.Name)
		}
	}
	slices.Sort(names)
	return names
}

// TestOpenAPIDeclaresEveryItemsParameter checks that each items path
// declares exactly the parameters its handler accepts: the set the handler
// checks against (itemsParamNames), which holds the collection's
// queryables, so GDAL pushes -where filters to the server.
func TestOpenAPIDeclaresEveryItemsParameter(t *testing.T) {
	t.Parallel()
	doc := loadServedAPI(t, newTestServer(t))
	for _, col := range catalog() {
		accepted := slices.Sorted(slices.Values(itemsParamNames(col)))
		declared := docQueryParams(t, doc, "/collections/"+col.ID+"/items")
		if !slices.Equal(accepted, declared) {
			t.Errorf("%s: handler accepts %v, document declares %v", col.ID, accepted, declared)
		}
		for _, q := range col.Queryables {
			if !slices.Contains(declared, q) {
				t.Errorf("%s: queryable %s is not a parameter of its items path", col.ID, q)
			}
		}
		if got := docQueryParams(t, doc, "/collections/"+col.ID); !slices.Equal(got, []string{paramF}) {
			t.Errorf("/collections/%s declares %v, want [f]", col.ID, got)
		}
		itemPath := "/collections/" + col.ID + "/items/{featureId}"
		if got, want := docQueryParams(t, doc, itemPath), slices.Sorted(slices.Values(itemParamNames())); !slices.Equal(got, want) {
			t.Errorf("%s declares %v, its handler accepts %v", itemPath, got, want)
		}
	}
	for _, path := range []string{"/", "/conformance", "/api", "/collections"} {
		if got := docQueryParams(t, doc, path); !slices.Equal(got, []string{paramF}) {
			t.Errorf("%s declares %v, want [f]", path, got)
		}
	}
}

// TestOpenAPIParametersAreAccepted sends every declared query parameter,
// with a value of its declared type, to the path that declares it: none may
// be refused as unknown. With the test above, declared = accepted.
func TestOpenAPIParametersAreAccepted(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	doc := loadServedAPI(t, s)
	sample := map[string]string{"integer": "1", "number": "1.5", "boolean": "true", "string": "x", "array": "1,2,3,4"}
	for path, item := range doc.Paths.Map() {
		if item.Get == nil || len(item.Servers) > 0 {
			continue
		}
		target := pathOGC + strings.ReplaceAll(path, "{featureId}", "1")
		for _, p := range item.Get.Parameters {
			if p.Value.In != openapi3.ParameterInQuery {
				continue
			}
			v := sample[p.Value.Schema.Value.Type.Slice()[0]]
			switch p.Value.Name {
			case paramF:
				v = fJSON
			case paramDatetime:
				v = "2020-01-01/.."
			}
			req := httptest.NewRequest(http.MethodGet, target+"?"+url.QueryEscape(p.Value.Name)+"="+url.QueryEscape(v), nil)
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code >= 500 || strings.Contains(rec.Body.String(), "unknown parameter") {
				t.Errorf("GET %s: status %d: %s", req.URL, rec.Code, rec.Body)
			}
		}
	}
}

// docPathOf maps a route pattern to the OpenAPI paths it serves: relative
// to /ogc with {braces} for OGC routes, one concrete path per collection
// for collection routes.
func docPathOf(route string) []string {
	rel, ok := strings.CutPrefix(route, pathOGC)
	if !ok {
		// the probes and the indicators API, declared with their own server
		return []string{openAPIPath(route)}
	}
	if rel == "" {
		rel = "/"
	}
	for _, name := range []string{paramPathFID, paramPathTMS, paramPathTileMatrix, paramPathTileRow, paramPathTileCol} {
		rel = strings.ReplaceAll(rel, ":"+name, "{"+name+"}")
	}
	if !strings.Contains(rel, ":"+paramPathCol) {
		return []string{rel}
	}
	cols := catalog()
	switch {
	case strings.Contains(rel, "/tiles"): // computed layers have no tiles
		cols = data.Catalog()
	case strings.HasSuffix(rel, "/history"): // only what users write has a history
		cols = nil
		for _, id := range historyCollections {
			c, _ := data.LookupCollection(id)
			cols = append(cols, c)
		}
	}
	var out []string
	for _, col := range cols {
		out = append(out, strings.ReplaceAll(rel, ":"+paramPathCol, col.ID))
	}
	return out
}

// writablePath reports whether a document path is of a collection that
// takes writes.
func writablePath(p string) bool {
	for _, id := range data.WritableCollections {
		if data.WritableProperties(id) != nil && strings.HasPrefix(p, collectionPath(id)+"/") {
			return true
		}
	}
	return false
}

// TestOpenAPIDeclaresEveryRoute compares the router's routes (every
// method but HEAD, which mirrors GET) with the document's operations,
// both ways: no route undeclared, no operation without a route.
func TestOpenAPIDeclaresEveryRoute(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	doc := loadServedAPI(t, s)
	served := map[string]bool{}
	for _, r := range s.echo.Routes() {
		// The viewer's page and files are assets for a browser, not API
		// endpoints a client programs against: the document leaves them
		// out on purpose.
		if r.Method == http.MethodHead || slices.Contains(assetRoutes, r.Path) || strings.HasPrefix(r.Method, "echo_") {
			continue
		}
		for _, p := range docPathOf(r.Path) {
			if r.Method != http.MethodGet && strings.HasPrefix(r.Path, pathOGC+"/collections/") && !writablePath(p) {
				continue // a write on a read-only collection: 405, not an operation
			}
			served[r.Method+" "+p] = true
			if item := doc.Paths.Value(p); item == nil || item.GetOperation(r.Method) == nil {
				t.Errorf("route %s %s: the document has no operation %s %s", r.Method, r.Path, r.Method, p)
			}
		}
	}
	for p, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !served[method+" "+p] {
				t.Errorf("the document declares %s %s, which no route serves", method, p)
			}
		}
	}
}

// TestQueryablesAreProperties guards the catalog: each queryable is a
// property of its collection and takes no name the items endpoint already
// gives a meaning to.
func TestQueryablesAreProperties(t *testing.T) {
	t.Parallel()
	reserved := []string{paramBBox, paramLimit, paramOffset, paramCursor, paramDatetime, paramF,
		"crs", "bbox-crs", "filter", "filter-lang", "filter-crs", "properties", "sortby"}
	for _, col := range catalog() {
		for _, q := range col.Queryables {
			if _, ok := col.Property(q); !ok {
				t.Errorf("%s: queryable %q is not a property", col.ID, q)
			}
			if slices.Contains(reserved, q) {
				t.Errorf("%s: queryable %q takes the name of a standard parameter", col.ID, q)
			}
		}
		if col.Temporal != "" {
			if _, ok := col.Property(col.Temporal); !ok {
				t.Errorf("%s: temporal property %q is not a property", col.ID, col.Temporal)
			}
		}
	}
}
