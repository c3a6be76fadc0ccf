package server

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
)

func TestParseDatetime(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	endOf := func(y int, m time.Month, d int) time.Time { return day(y, m, d+1).Add(-time.Nanosecond) }
	at := time.Date(2019, 3, 1, 12, 30, 0, 0, time.UTC)
	cases := []struct {
		in         string
		start, end time.Time
		ok         bool
	}{
		{"2019-03-01", day(2019, 3, 1), endOf(2019, 3, 1), true},
		{"2019-03-01T", day(2019, 3, 1), endOf(2019, 3, 1), true}, // GDAL's date
		{"2019-03-01T12:30:00Z", at, at, true},
		{"2019-03-01t12:30:00z", at, at, true},
		{"2019-03-01T14:30:00+02:00", at, at, true},
		{"2019-03-01T12:30:00.000Z", at, at, true},
		{"2019-03-01T12:30Z", at, at, true}, // GDAL without seconds
		{"2019-03-01T12Z", at.Add(-30 * time.Minute), at.Add(-30 * time.Minute), true},
		{"2019-01-01/2019-12-31", day(2019, 1, 1), endOf(2019, 12, 31), true},
		{"2019-01-01/..", day(2019, 1, 1), time.Time{}, true},
		{"../2019-12-31", time.Time{}, endOf(2019, 12, 31), true},
		{"/2019-12-31", time.Time{}, endOf(2019, 12, 31), true},
		{"2019-01-01/", day(2019, 1, 1), time.Time{}, true},
		{"../..", time.Time{}, time.Time{}, true},
		{"2019-03-01/2019-03-01", day(2019, 3, 1), endOf(2019, 3, 1), true},
		{"2019-03-01T12:30:00Z/2019-03-01", at, endOf(2019, 3, 1), true},
		{"", time.Time{}, time.Time{}, false},
		{"2019", time.Time{}, time.Time{}, false},
		{"2019-3-1", time.Time{}, time.Time{}, false},
		{"2019-02-30", time.Time{}, time.Time{}, false},
		{"2019-03-01T12:30:00", time.Time{}, time.Time{}, false},
		{"2019-03-01 12:30:00Z", time.Time{}, time.Time{}, false},
		{"2020-01-01/2019-01-01", time.Time{}, time.Time{}, false},
		{"2019-01-01/2019-06-01/2019-12-01", time.Time{}, time.Time{}, false},
		{"now", time.Time{}, time.Time{}, false},
	}
	for _, tc := range cases {
		iv, err := parseDatetime(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("parseDatetime(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if pe, ok := err.(*ParamError); !ok || pe.Param != paramDatetime {
				t.Errorf("parseDatetime(%q): %v is not a ParamError naming datetime", tc.in, err)
			}
			continue
		}
		if !iv.Start.Equal(tc.start) || !iv.End.Equal(tc.end) {
			t.Errorf("parseDatetime(%q) = %v / %v, want %v / %v", tc.in, iv.Start, iv.End, tc.start, tc.end)
		}
	}
}

func TestParseEquals(t *testing.T) {
	t.Parallel()
	actors, communes := mustCollection(t, data.CollectionActors), mustCollection(t, data.CollectionCommunes)
	cases := []struct {
		col   data.Collection
		query string
		want  []data.PropertyFilter
		bad   string
	}{
		{actors, "", nil, ""},
		{actors, "limit=5", nil, ""},
		{actors, "kind=association", []data.PropertyFilter{pf("kind", "association")}, ""},
		{actors, "employer=1&kind=association", []data.PropertyFilter{pf("kind", "association"), pf("employer", "true")}, ""},
		{actors, "employer=FALSE", []data.PropertyFilter{pf("employer", "false")}, ""},
		{actors, "employer=0", []data.PropertyFilter{pf("employer", "false")}, ""},
		{actors, "commune=2A004", []data.PropertyFilter{pf("commune", "2A004")}, ""},
		{actors, "kind=%20association%20", []data.PropertyFilter{pf("kind", " association ")}, ""},
		{communes, "density_class=%2B03", []data.PropertyFilter{pf("density_class", "3")}, ""},
		{communes, "density_class=-1", []data.PropertyFilter{pf("density_class", "-1")}, ""},
		{actors, "employer=yes", nil, "employer"},
		{actors, "kind=", nil, "kind"},
		{actors, "kind=a%0Ab", nil, "kind"},
		{communes, "density_class=3.0", nil, "density_class"},
		{communes, "density_class=99999999999999999999", nil, "density_class"},
	}
	for _, tc := range cases {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseEquals(tc.col, q)
		if tc.bad != "" {
			if pe, ok := err.(*ParamError); !ok || pe.Param != tc.bad {
				t.Errorf("%s: error %v, want a ParamError naming %s", tc.query, err, tc.bad)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.query, got, err, tc.want)
		}
		// What the server passes on, the stores accept.
		for _, f := range got {
			if _, err := tc.col.FilterValue(f); err != nil {
				t.Errorf("%s: the store refuses %v: %v", tc.query, f, err)
			}
		}
	}
}

func pf(name, value string) data.PropertyFilter { return data.PropertyFilter{Name: name, Value: value} }

func TestFilterValueNumber(t *testing.T) {
	t.Parallel()
	p := data.Property{Name: "qpv_share", Type: data.TypeNumber}
	for in, want := range map[string]string{"0.25": "0.25", "1e-1": "0.1", " 2 ": "2", "-0": "-0"} {
		if got, err := filterValue(p, in); err != nil || got != want {
			t.Errorf("filterValue(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"NaN", "Inf", "x", strings.Repeat("1", maxFilterValueLen+1)} {
		if _, err := filterValue(p, in); err == nil {
			t.Errorf("filterValue(%q) accepted", in)
		}
	}
}

// FuzzParseBBox checks that no input panics the parser and that every box
// it accepts is finite, within CRS84 and not inverted.
func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"4,45,5,46", "10,50,10.1500000000000004,50.2000000000000028", "4,45,0,5,46,3000",
		" 4 , 45 , 5 , 46 ", "-180,-90,180,90", "170,-10,-170,10", "1e-05,-2.5E1,1.5e2,8.9e1", "0x1p-2,45,5,46", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBBox(s)
		if err != nil {
			if pe, ok := err.(*ParamError); !ok || pe.Param != paramBBox {
				t.Fatalf("error %v is not a ParamError naming bbox", err)
			}
			return
		}
		for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("accepted %q as %v: not finite", s, b)
			}
		}
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
			t.Fatalf("accepted %q as %v: outside CRS84 or inverted", s, b)
		}
	})
}

// FuzzParseDatetime checks that no input panics the parser and that every
// interval it accepts is ordered.
func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2019-03-01", "2019-03-01T", "2019-03-01T12:30:00Z", "2019-01-01/..", "../2019-12-31",
		"2019-03-01T12Z", "2021-01-01/2020-01-01", "../..", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := parseDatetime(s)
		if err != nil {
			if pe, ok := err.(*ParamError); !ok || pe.Param != paramDatetime {
				t.Fatalf("error %v is not a ParamError naming datetime", err)
			}
			return
		}
		if !iv.Start.IsZero() && !iv.End.IsZero() && iv.Start.After(iv.End) {
			t.Fatalf("accepted %q as %v…%v: reversed", s, iv.Start, iv.End)
		}
	})
}
