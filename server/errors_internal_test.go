package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// TestProblemForFilterError checks the one place a store's refusal becomes
// a 400: handlers return the store's error as it is (or wrapped), and the
// problem names the refused property as the parameter, the store's "after"
// as the cursor the client sent, with the store's reason in the detail. A
// ParamError the server wrote itself keeps its own wording even when a
// FilterError is its cause.
func TestProblemForFilterError(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	level := &data.FilterError{Property: "level", Problem: "=commune is not one of region, departement, epci"}
	cases := []struct {
		name   string
		err    error
		param  string
		detail string
	}{
		{"bare", level, "level", `parameter "level": commune is not one of region, departement, epci`},
		{"wrapped", fmt.Errorf("flows at commune: %w", level), "level", "commune is not one of"},
		{"value", &data.FilterError{Property: "employer", Problem: `="maybe" is not a boolean`}, "employer", `"maybe" is not a boolean`},
		{"cursor", fmt.Errorf("items of actors: %w", &data.FilterError{Property: "after", Problem: `="x" is not an id of actors`}),
			paramCursor, `parameter "cursor"`},
		{"unnamed", fmt.Errorf("items of actors: %w", data.ErrInvalidFilter), "", "a filter value was refused"},
		{"the server's own words first", &ParamError{Param: "level", Reason: "is required", cause: level}, "level", `parameter "level": is required`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/api/flows", nil), httptest.NewRecorder())
			p := s.problemFor(tc.err, c)
			if p.Status != http.StatusBadRequest || p.Type != problemInvalidParameter || p.Parameter != tc.param || !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("got %d %s naming %q with %q; want 400 naming %q with %q", p.Status, p.Type, p.Parameter, p.Detail, tc.param, tc.detail)
			}
		})
	}
}
