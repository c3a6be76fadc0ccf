package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

func TestItemsEveryCollection(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, col := range servedCatalog() {
		t.Run(col.ID, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/ogc/collections/"+col.ID+"/items")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("Content-Type %q, want application/geo+json", ct)
			}
			fc := decodeFC(t, rec.Body)
			want := wantCounts[col.ID]
			if fc.Type != "FeatureCollection" {
				t.Errorf("type %q, want FeatureCollection", fc.Type)
			}
			if len(fc.Features) != want || fc.NumberReturned == nil || *fc.NumberReturned != want {
				t.Errorf("got %d features, numberReturned %v, want %d", len(fc.Features), fc.NumberReturned, want)
			}
			if fc.NumberMatched == nil || *fc.NumberMatched != want {
				t.Errorf("numberMatched %v, want %d", fc.NumberMatched, want)
			}
			if fc.TimeStamp == "" {
				t.Error("no timeStamp")
			}
			if self := fc.link("self"); self != "http://example.com/ogc/collections/"+col.ID+"/items?limit=100" {
				t.Errorf("self link %q", self)
			}
			if next := fc.link("next"); next != "" {
				t.Errorf("unexpected next link %q on a complete page", next)
			}
			for _, f := range fc.Features {
				if f.Type != "Feature" || len(f.ID) == 0 || len(f.Geometry) == 0 {
					t.Errorf("malformed feature %+v", f)
				}
				if col.IDType == data.TypeInteger && strings.HasPrefix(string(f.ID), `"`) {
					t.Errorf("id %s should be an integer", f.ID)
				}
			}
		})
	}
}

// TestItemsPaging follows next links verbatim, as GDAL and QGIS do, and
// checks every page's counts and that the pages cover the collection once.
func TestItemsPaging(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	target := "/ogc/collections/actors/items?limit=2"
	var ids []string
	var pages int
	for target != "" {
		pages++
		if pages > 10 {
			t.Fatal("more pages than features: next links loop")
		}
		rec := get(t, h, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
		fc := decodeFC(t, rec.Body)
		if *fc.NumberMatched != 5 {
			t.Errorf("%s: numberMatched %d, want 5", target, *fc.NumberMatched)
		}
		if *fc.NumberReturned != len(fc.Features) {
			t.Errorf("%s: numberReturned %d but %d features", target, *fc.NumberReturned, len(fc.Features))
		}
		ids = append(ids, fc.ids()...)
		next := fc.link("next")
		if next == "" {
			break
		}
		u, err := url.Parse(next)
		if err != nil || !u.IsAbs() || u.Host != "example.com" {
			t.Fatalf("next link %q is not absolute on the request's host", next)
		}
		target = u.RequestURI()
	}
	if want := []string{"1", "2", "3", "4", "5"}; !slices.Equal(ids, want) {
		t.Errorf("ids over all pages %v, want %v", ids, want)
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
}

// TestItemsNextLinkKeepsParameters checks that paging links carry every
// filter, that next switches to a cursor (dropping the offset) and that
// prev steps the offset back.
func TestItemsNextLinkKeepsParameters(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{BaseURL: "https://maillage.example.org/"})
	rec := get(t, h, "/ogc/collections/actors/items?precision=approximate&bbox=4,45,7,47&limit=1&offset=1")
	fc := decodeFC(t, rec.Body)
	const base = "https://maillage.example.org/ogc/collections/actors/items?bbox=4,45,7,47&precision=approximate&limit=1"
	if got, want := fc.link("self"), base+"&offset=1"; got != want {
		t.Errorf("self %q, want %q", got, want)
	}
	if got, want := fc.link("prev"), base; got != want {
		t.Errorf("prev %q, want %q", got, want)
	}
	next := fc.link("next")
	if !strings.HasPrefix(next, base+"&cursor=") || strings.Contains(next, "offset") {
		t.Fatalf("next %q, want %s&cursor=…, without offset", next, base)
	}
	// Actors 1, 2 and 3 are placed approximately: offset 1 is actor 2,
	// and the cursor leads to actor 3, the last.
	if got := fc.ids(); !slices.Equal(got, []string{"2"}) {
		t.Errorf("ids %v, want [2]", got)
	}
	u, _ := url.Parse(next)
	fc = decodeFC(t, get(t, h, u.RequestURI()).Body)
	if got := fc.ids(); !slices.Equal(got, []string{"3"}) || fc.link("next") != "" || fc.link("prev") != "" {
		t.Errorf("after next: ids %v, next %q, prev %q; want [3] and neither link", got, fc.link("next"), fc.link("prev"))
	}
	if fc.NumberMatched == nil || *fc.NumberMatched != 3 {
		t.Errorf("numberMatched %v on a cursor page, want 3", fc.NumberMatched)
	}
}

// TestItemsForwardedProto checks that links follow X-Forwarded-Proto from
// a proxy on a private or loopback address, and ignore it from anyone else.
func TestItemsForwardedProto(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		remote, want string
	}{
		{"127.0.0.1:40000", "https://example.com/"},
		{"10.1.2.3:40000", "https://example.com/"},
		{"203.0.113.9:40000", "http://example.com/"},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(http.MethodGet, "/ogc/collections/actors/items?limit=1", nil)
		req.RemoteAddr = tc.remote
		req.Header.Set("X-Forwarded-Proto", "https")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fc := decodeFC(t, rec.Body)
		if got := fc.link("next"); !strings.HasPrefix(got, tc.want) {
			t.Errorf("from %s: next %q, want a link under %s", tc.remote, got, tc.want)
		}
	}
}

func TestItemsBBox(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		name string
		bbox string
		want []string
	}{
		{"lyon", "4.8,45.7,4.9,45.8", []string{"1", "2", "4"}},
		{"gdal %.18g", fmt.Sprintf("%.18g,%.18g,%.18g,%.18g", 4.8, 45.7, 4.9, 45.8), []string{"1", "2", "4"}},
		{"six numbers", "4.8,45.7,-100,4.9,45.8,100", []string{"1", "2", "4"}},
		{"spaces", " 4.8, 45.7 ,4.9 , 45.8", []string{"1", "2", "4"}},
		{"bourg", "5.2,46.1,5.3,46.3", []string{"3"}},
		{"geneva", "6,46,6.3,46.4", []string{"5"}},
		{"world", "-180,-90,180,90", []string{"1", "2", "3", "4", "5"}},
		{"empty sea", "-30,10,-29,11", []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/ogc/collections/actors/items?bbox="+url.QueryEscape(tc.bbox))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			fc := decodeFC(t, rec.Body)
			if got := fc.ids(); !slices.Equal(got, tc.want) {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
			if *fc.NumberMatched != len(tc.want) {
				t.Errorf("numberMatched %d, want %d", *fc.NumberMatched, len(tc.want))
			}
		})
	}
}

func TestItemsOffsetPastEnd(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	rec := get(t, h, "/ogc/collections/actors/items?offset=50")
	fc := decodeFC(t, rec.Body)
	if len(fc.Features) != 0 || *fc.NumberReturned != 0 || *fc.NumberMatched != 5 || fc.link("next") != "" {
		t.Errorf("got %d features, returned %d, matched %d, next %q; want 0, 0, 5, none",
			len(fc.Features), *fc.NumberReturned, *fc.NumberMatched, fc.link("next"))
	}
}

func TestItemsLimitAboveMaximumIsLowered(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, limit := range []string{"10001", "99999999999999999999999"} {
		rec := get(t, h, "/ogc/collections/actors/items?limit="+limit)
		if rec.Code != http.StatusOK {
			t.Fatalf("limit=%s: status %d: %s", limit, rec.Code, rec.Body)
		}
		fc := decodeFC(t, rec.Body)
		if got := fc.link("self"); !strings.HasSuffix(got, "limit=10000") {
			t.Errorf("limit=%s: self %q, want the limit lowered to 10000", limit, got)
		}
	}
}

func TestItem(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		path   string
		status int
		id     string
	}{
		{"/ogc/collections/actors/items/1", http.StatusOK, "1"},
		{"/ogc/collections/partnerships/items/3", http.StatusOK, "3"},
		{"/ogc/collections/alliances/items/1", http.StatusOK, "1"},
		{"/ogc/collections/communes/items/69123", http.StatusOK, `"69123"`},
		{"/ogc/collections/departements/items/01", http.StatusOK, `"01"`},
		{"/ogc/collections/actors/items/999", http.StatusNotFound, ""},
		{"/ogc/collections/actors/items/abc", http.StatusNotFound, ""},
		{"/ogc/collections/communes/items/99999", http.StatusNotFound, ""},
		{"/ogc/collections/nowhere/items/1", http.StatusNotFound, ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status != http.StatusOK {
				decodeProblem(t, rec)
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("Content-Type %q", ct)
			}
			var f struct {
				Type  string          `json:"type"`
				ID    json.RawMessage `json:"id"`
				Links []struct{ Href, Rel string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
				t.Fatalf("decode: %v: %s", err, rec.Body)
			}
			if f.Type != "Feature" || string(f.ID) != tc.id {
				t.Errorf("got %s id %s, want Feature id %s", f.Type, f.ID, tc.id)
			}
			if ct := rec.Header().Get("Content-Crs"); ct != "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>" {
				t.Errorf("Content-Crs %q", ct)
			}
			want := []struct{ Href, Rel string }{
				{"http://example.com" + tc.path, "self"},
				{"http://example.com" + tc.path + "?f=html", "alternate"},
				{"http://example.com" + tc.path[:strings.Index(tc.path, "/items/")], "collection"},
			}
			if !slices.Equal(f.Links, want) {
				t.Errorf("links %+v, want %+v", f.Links, want)
			}
		})
	}
}

// TestLargePageCounts checks numberMatched of pages of 1 000 features or
// more: a page that does not end the results leaves its count to a later
// request the first time (no numberMatched, and its own ETag), then
// carries it; the last page by offset, and any page with the analysis
// cache off, counts at once.
func TestLargePageCounts(t *testing.T) {
	t.Parallel()
	st := benchStore(t, 5000)
	total, err := st.CountItems(context.Background(), data.CollectionActors, data.ItemsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	inLyon, err := st.CountItems(context.Background(), data.CollectionActors,
		data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{4.5, 45.5}, Max: orb.Point{5.2, 46}}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		target   string
		returned int
		want     int64
		deferred bool // the first answer has no numberMatched
	}{
		{"/ogc/collections/actors/items?limit=1000", 1000, total, true},
		{"/ogc/collections/actors/items?limit=2000&bbox=4.5,45.5,5.2,46", 2000, inLyon, true},
		{fmt.Sprintf("/ogc/collections/actors/items?limit=1000&offset=%d", total-10), 10, total, false},
	}
	check := func(t *testing.T, target string, rec *httptest.ResponseRecorder, returned int, want *int64) {
		t.Helper()
		var fc featureCollection
		if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %v", target, rec.Code, err)
		}
		matched := fc.NumberMatched != nil
		if len(fc.Features) != returned || matched != (want != nil) || (matched && int64(*fc.NumberMatched) != *want) {
			t.Errorf("%s: %d features, numberMatched %v, want %d and %v", target, len(fc.Features), ptrText(fc.NumberMatched), returned, ptrText(want))
		}
	}
	t.Run("cached", func(t *testing.T) {
		h := newHandler(t, st, server.Config{})
		for _, c := range cases {
			first := get(t, h, c.target)
			if !c.deferred {
				check(t, c.target, first, c.returned, &c.want)
				continue
			}
			check(t, c.target, first, c.returned, nil)
			tag := first.Header().Get("ETag")
			// The count runs after the first answer, in the background.
			var later *httptest.ResponseRecorder
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				later = get(t, h, c.target)
				if bytes.Contains(later.Body.Bytes(), []byte(`"numberMatched"`)) || time.Now().After(deadline) {
					break
				}
			}
			check(t, c.target, later, c.returned, &c.want)
			if later.Header().Get("ETag") == tag {
				t.Errorf("%s: the page with its count has the ETag %s of the page without", c.target, tag)
			}
			if rec := get(t, h, c.target, "If-None-Match", tag); rec.Code != http.StatusOK {
				t.Errorf("%s: If-None-Match of the page without its count: %d, want 200 (the count is held now)", c.target, rec.Code)
			}
			if rec := get(t, h, c.target, "If-None-Match", later.Header().Get("ETag")); rec.Code != http.StatusNotModified {
				t.Errorf("%s: If-None-Match of the page with its count: %d, want 304", c.target, rec.Code)
			}
		}
		// Each deferred case started a count at its first request (and
		// maybe again, when asked before that count ended).
		const started = `maillage_items_counts_deferred_total{outcome="started"}`
		v, _ := metricSample(get(t, h, "/metrics").Body.String(), started)
		if n, err := strconv.ParseFloat(v, 64); err != nil || n < 2 {
			t.Errorf("/metrics: %s %q, want at least 2", started, v)
		}
	})
	t.Run("uncached", func(t *testing.T) {
		h := newHandler(t, st, server.Config{Analysis: analysis.Config{CacheBytes: -1}})
		for _, c := range cases {
			check(t, c.target, get(t, h, c.target), c.returned, &c.want)
		}
	})
}
