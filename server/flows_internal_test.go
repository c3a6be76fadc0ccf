package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIDeclaresFlowsParameters checks /api/flows declares exactly
// the parameters its handler accepts, and that each declared one, with a
// value of its declared type, is not refused as unknown.
func TestOpenAPIDeclaresFlowsParameters(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	doc := loadServedAPI(t, s)
	accepted := slices.Sorted(slices.Values(flowsParamNames()))
	if declared := docQueryParams(t, doc, pathFlows); !slices.Equal(accepted, declared) {
		t.Errorf("/api/flows: handler accepts %v, document declares %v", accepted, declared)
	}
	sample := map[string]string{"integer": "1", "number": "1.5", "boolean": "true", "string": "x", "array": "1,2,3,4"}
	for _, p := range doc.Paths.Value(pathFlows).Get.Parameters {
		v := sample[p.Value.Schema.Value.Type.Slice()[0]]
		switch p.Value.Name {
		case paramLevel:
			continue
		case paramDatetime:
			v = "2020-01-01/.."
		case paramFlowView:
			v = viewTerritories
		case paramFilterLang:
			v = "cql2-text"
		case paramFilterCRS:
			v = crs84
		case paramFilter:
			v = "scale='local'"
		}
		target := pathFlows + "?level=region&" + url.QueryEscape(p.Value.Name) + "=" + url.QueryEscape(v)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code >= 500 || strings.Contains(rec.Body.String(), "unknown parameter") {
			t.Errorf("GET %s: status %d: %s", target, rec.Code, rec.Body)
		}
	}
}
