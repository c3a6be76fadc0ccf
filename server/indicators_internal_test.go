package server

import (
	"slices"
	"testing"
)

// TestOpenAPIDeclaresIndicatorParameters checks that each indicators path
// declares exactly the query parameters its handler accepts (the generic
// test skips paths outside /ogc).
func TestOpenAPIDeclaresIndicatorParameters(t *testing.T) {
	t.Parallel()
	doc := loadServedAPI(t, newTestServer(t))
	cases := []struct {
		route    string
		accepted []string
	}{
		{routeIndicators, nil},
		{routeIndicatorValues, indicatorValuesParamNames()},
		{routeIndicatorBreaks, indicatorBreaksParamNames()},
	}
	for _, tc := range cases {
		got := docQueryParams(t, doc, openAPIPath(tc.route))
		if want := slices.Sorted(slices.Values(tc.accepted)); !slices.Equal(got, want) {
			t.Errorf("%s declares %v, its handler accepts %v", tc.route, got, want)
		}
	}
}

func TestSequentialColors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		n     int
		worse bool
		want  []string
	}{
		{"nine, higher is worse", 9, true, rampSequential},
		{"three, higher is worse", 3, true, []string{"#ffffcc", "#fd8d3c", "#800026"}},
		{"three, higher is better", 3, false, []string{"#800026", "#fd8d3c", "#ffffcc"}},
		{"one", 1, true, []string{"#fd8d3c"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sequentialColors(tc.n, tc.worse); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDivergingColors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		bounds   []float64
		national float64
		worse    bool
		want     []string
	}{
		// national 5 inside the middle class: pale, blue below, red above
		{"odd, higher is worse", []float64{0, 2, 4, 6, 8, 10}, 5, true,
			[]string{rampGood[4], "#abd9e9", rampBad[0], "#fdae61", rampBad[4]}},
		{"odd, higher is better", []float64{0, 2, 4, 6, 8, 10}, 5, false,
			[]string{rampBad[4], "#fdae61", rampBad[0], "#abd9e9", rampGood[4]}},
		// national on a bound: no pale class; the short side keeps the step
		// of the long one
		{"national on a bound", []float64{0, 4, 6, 8, 10}, 4, true,
			[]string{rampColor(rampGood, 1.0/3), rampColor(rampBad, 1.0/3), rampColor(rampBad, 2.0/3), rampBad[4]}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := divergingColors(tc.bounds, tc.national, tc.worse); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
