package server

import (
	"net/url"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

func TestParseBBox(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   string
		want orb.Bound
		ok   bool
	}{
		{"plain", "4,45,5,46", orb.Bound{Min: orb.Point{4, 45}, Max: orb.Point{5, 46}}, true},
		{"gdal", "10,50,10.1500000000000004,50.2000000000000028",
			orb.Bound{Min: orb.Point{10, 50}, Max: orb.Point{10.15, 50.2}}, true},
		{"exponent", "1e-05,-2.5E1,1.5e2,8.9e1", orb.Bound{Min: orb.Point{0.00001, -25}, Max: orb.Point{150, 89}}, true},
		{"six", "4,45,0,5,46,3000", orb.Bound{Min: orb.Point{4, 45}, Max: orb.Point{5, 46}}, true},
		{"whole world", "-180,-90,180,90", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, true},
		{"a point", "4,45,4,45", orb.Bound{Min: orb.Point{4, 45}, Max: orb.Point{4, 45}}, true},
		{"padded", " 4 , 45 , 5 , 46 ", orb.Bound{Min: orb.Point{4, 45}, Max: orb.Point{5, 46}}, true},
		{"empty", "", orb.Bound{}, false},
		{"two", "4,45", orb.Bound{}, false},
		{"seven", "1,2,3,4,5,6,7", orb.Bound{}, false},
		{"hex float", "0x1p-2,45,5,46", orb.Bound{Min: orb.Point{0.25, 45}, Max: orb.Point{5, 46}}, true},
		{"inf", "inf,45,5,46", orb.Bound{}, false},
		{"nan", "4,nan,5,46", orb.Bound{}, false},
		{"lon 180.0001", "4,45,180.0001,46", orb.Bound{}, false},
		{"lat -90.5", "4,-90.5,5,46", orb.Bound{}, false},
		{"antimeridian", "170,-10,-170,10", orb.Bound{}, false},
		{"y reversed", "4,46,5,45", orb.Bound{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseBBox(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("parseBBox(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			}
			if err != nil {
				pe, isParam := err.(*ParamError)
				if !isParam || pe.Param != "bbox" {
					t.Errorf("error %v is not a ParamError naming bbox", err)
				}
				return
			}
			if *got != tc.want {
				t.Errorf("got %v, want %v", *got, tc.want)
			}
		})
	}
}

func TestParseItemsParams(t *testing.T) {
	t.Parallel()
	cases := []struct {
		query  string
		limit  int
		offset int
		bbox   bool
		bad    string
	}{
		{"", defaultLimit, 0, false, ""},
		{"limit=1", 1, 0, false, ""},
		{"limit=10000", 10000, 0, false, ""},
		{"limit=10001", maxLimit, 0, false, ""},
		{"limit=%2B7", 7, 0, false, ""},
		{"limit=0", 0, 0, false, "limit"},
		{"offset=0", defaultLimit, 0, false, ""},
		{"offset=20&limit=10", 10, 20, false, ""},
		{"offset=2147483648", 0, 0, false, "offset"},
		{"bbox=1,2,3,4&limit=5", 5, 0, true, ""},
		{"zzz=1&aaa=2", 0, 0, false, "aaa"},
		{"offset=1&offset=1", 0, 0, false, "offset"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			col, _ := data.LookupCollection(data.CollectionActors)
			p, err := parseItemsParams(col, q)
			if tc.bad != "" {
				pe, ok := err.(*ParamError)
				if !ok || pe.Param != tc.bad {
					t.Fatalf("error %v, want a ParamError naming %q", err, tc.bad)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if p.Limit != tc.limit || p.Offset != tc.offset || (p.BBox != nil) != tc.bbox {
				t.Errorf("got limit %d offset %d bbox %v, want %d %d %v", p.Limit, p.Offset, p.BBox, tc.limit, tc.offset, tc.bbox)
			}
		})
	}
}

func TestWithLinks(t *testing.T) {
	t.Parallel()
	links := []link{{Href: "http://h/x?a=1&b=2", Rel: "self"}}
	cases := []struct{ in, want string }{
		{`{"type":"Feature","id":1}`, `{"type":"Feature","id":1,"links":[{"href":"http://h/x?a=1&b=2","rel":"self"}]}`},
		{"{\"id\":1}\n", `{"id":1,"links":[{"href":"http://h/x?a=1&b=2","rel":"self"}]}`},
		{`{}`, `{"links":[{"href":"http://h/x?a=1&b=2","rel":"self"}]}`},
		{`not json`, `not json`},
		{``, ``},
	}
	for _, tc := range cases {
		if got := string(withLinks([]byte(tc.in), links)); got != tc.want {
			t.Errorf("withLinks(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("zero Config: %v", err)
	}
	good := Config{Addr: ":8080", BaseURL: "https://maillage.example.org/base", RequestTimeout: 1}
	if err := good.Validate(); err != nil {
		t.Errorf("%+v: %v", good, err)
	}
	bad := Config{Addr: "8080", RequestTimeout: -1, MaxBodyBytes: -1, BaseURL: "maillage.example.org", RateLimit: -2, RateBurst: -1}
	err := bad.Validate()
	if err == nil {
		t.Fatal("bad Config validated")
	}
	for _, want := range []string{"addr", "request timeout", "max body", "base URL", "rate limit", "rate burst"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

// TestLevelParam checks the one reader of territory levels: each endpoint
// passes its own allowed levels and default, and a refusal names the
// parameter read.
func TestLevelParam(t *testing.T) {
	t.Parallel()
	flowLevels := data.FlowLevels()
	cases := []struct {
		name    string
		query   string
		param   string
		allowed []geo.Level
		def     geo.Level
		want    geo.Level
		refused bool
	}{
		{"absent, no default", "", paramLevel, geo.Levels, "", "", false},
		{"absent, default", "", paramLevel, geo.Levels, geo.LevelEPCI, geo.LevelEPCI, false},
		{"allowed", "level=departement", paramLevel, geo.Levels, "", geo.LevelDepartement, false},
		{"given beats the default", "level=region", paramLevel, geo.Levels, geo.LevelEPCI, geo.LevelRegion, false},
		{"not a level", "level=canton", paramLevel, geo.Levels, "", "", true},
		{"case matters", "level=Region", paramLevel, geo.Levels, "", "", true},
		{"empty", "level=", paramLevel, geo.Levels, geo.LevelEPCI, "", true},
		{"a level the endpoint does not allow", "level=commune", paramLevel, flowLevels, "", "", true},
		{"another parameter", "within_level=region", paramGapsWithinLevel, geo.Levels[:2], "", geo.LevelRegion, false},
		{"another parameter, refused", "within_level=commune", paramGapsWithinLevel, geo.Levels[:2], "", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := levelParam(q, tc.param, tc.allowed, tc.def)
			if tc.refused {
				pe, ok := err.(*ParamError)
				if !ok || pe.Param != tc.param {
					t.Fatalf("got %q, %v; want a *ParamError naming %q", got, err, tc.param)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestRequiredLevel checks that an endpoint without a default refuses a
// missing level, and reads a given one as levelParam does.
func TestRequiredLevel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		query   string
		want    geo.Level
		refused bool
	}{
		{"", "", true},
		{"level=epci", geo.LevelEPCI, false},
		{"level=commune", "", true}, // not a flow level
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		got, err := requiredLevel(q, data.FlowLevels())
		if pe, ok := err.(*ParamError); tc.refused != (ok && pe.Param == paramLevel) || got != tc.want {
			t.Errorf("%q: got %q, %v; want %q (refused: %v)", tc.query, got, err, tc.want, tc.refused)
		}
	}
}
