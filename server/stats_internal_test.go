package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIDeclaresStatsParameters checks /api/stats declares exactly
// the parameters its handler accepts (the generic test skips paths outside
// /ogc), and that each declared one, with a value it documents, is not
// refused as unknown.
func TestOpenAPIDeclaresStatsParameters(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	doc := loadServedAPI(t, s)
	accepted := slices.Sorted(slices.Values(statsParamNames()))
	if declared := docQueryParams(t, doc, pathStats); !slices.Equal(accepted, declared) {
		t.Errorf("%s: handler accepts %v, document declares %v", pathStats, accepted, declared)
	}
	// A territory of the sample dataset at each level, for the level enum.
	codes := map[string]string{"region": "84", "departement": "69", "epci": "200046977", "commune": "69123"}
	for _, p := range doc.Paths.Value(pathStats).Get.Parameters {
		for _, v := range p.Value.Schema.Value.Enum {
			query := url.Values{paramLevel: {"departement"}, paramStatsTerritory: {"69"}}
			query.Set(p.Value.Name, v.(string))
			if p.Value.Name == paramLevel {
				query.Set(paramStatsTerritory, codes[v.(string)])
			}
			target := pathStats + "?" + query.Encode()
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "unknown parameter") {
				t.Errorf("GET %s: status %d: %s", target, rec.Code, rec.Body)
			}
		}
	}
}
