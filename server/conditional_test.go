package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// countingStore counts every call that reads data (all but Version, Ping
// and Close), to show what a revalidation costs.
type countingStore struct {
	data.Store
	reads atomic.Int64
}

func (c *countingStore) Items(ctx context.Context, col string, q data.ItemsQuery, emit data.EmitFunc) error {
	c.reads.Add(1)
	return c.Store.Items(ctx, col, q, emit)
}
func (c *countingStore) CountItems(ctx context.Context, col string, q data.ItemsQuery) (int64, error) {
	c.reads.Add(1)
	return c.Store.CountItems(ctx, col, q)
}
func (c *countingStore) Item(ctx context.Context, col, id string, crs geo.CRS) ([]byte, error) {
	c.reads.Add(1)
	return c.Store.Item(ctx, col, id, crs)
}
func (c *countingStore) Extent(ctx context.Context, col string) (orb.Bound, *data.Interval, error) {
	c.reads.Add(1)
	return c.Store.Extent(ctx, col)
}
func (c *countingStore) Territory(ctx context.Context, l geo.Level, code string) (geo.Territory, error) {
	c.reads.Add(1)
	return c.Store.Territory(ctx, l, code)
}
func (c *countingStore) SearchTerritories(ctx context.Context, text string, l geo.Level, limit int) ([]data.TerritoryMatch, error) {
	c.reads.Add(1)
	return c.Store.SearchTerritories(ctx, text, l, limit)
}
func (c *countingStore) Flows(ctx context.Context, l geo.Level, q data.ItemsQuery) (geo.FlowSummary, error) {
	c.reads.Add(1)
	return c.Store.Flows(ctx, l, q)
}
func (c *countingStore) ActorClusters(ctx context.Context, zoom int, q data.ItemsQuery) ([]geo.ActorCluster, error) {
	c.reads.Add(1)
	return c.Store.ActorClusters(ctx, zoom, q)
}
func (c *countingStore) ObservatoryCounts(ctx context.Context, l geo.Level, code string, during *data.Interval) (data.ObservatoryCounts, error) {
	c.reads.Add(1)
	return c.Store.ObservatoryCounts(ctx, l, code, during)
}
func (c *countingStore) Coverage(ctx context.Context, l geo.Level, within *data.TerritoryRef, during *data.Interval) ([]data.TerritoryCoverage, error) {
	c.reads.Add(1)
	return c.Store.Coverage(ctx, l, within, during)
}
func (c *countingStore) MatchCandidates(ctx context.Context, t data.TerritoryRef) (data.MatchCandidates, error) {
	c.reads.Add(1)
	return c.Store.MatchCandidates(ctx, t)
}
func (c *countingStore) Indicators(ctx context.Context) ([]geo.Indicator, error) {
	c.reads.Add(1)
	return c.Store.Indicators(ctx)
}
func (c *countingStore) IndicatorValues(ctx context.Context, id string, l geo.Level, year int) (map[string]float64, error) {
	c.reads.Add(1)
	return c.Store.IndicatorValues(ctx, id, l, year)
}
func (c *countingStore) IndicatorNational(ctx context.Context, id string, year int) (float64, error) {
	c.reads.Add(1)
	return c.Store.IndicatorNational(ctx, id, year)
}

// dataTargets are one request of every family of data endpoint.
func dataTargets() []string {
	return []string{
		"/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections", "/ogc/collections/actors",
		"/ogc/collections/actors/items?limit=5", "/ogc/collections/actors/items/1",
		"/ogc/collections/actors/queryables", "/ogc/collections/gaps-departement/items",
		"/ogc/collections/actors/items?f=html",
		"/api/flows?level=region", "/api/actor-clusters?zoom=5&bbox=2,44,7.5,46.8", "/api/stats",
		"/api/gaps?level=departement", "/api/matches?territory=69&level=departement&domain=insertion_emploi",
		"/api/territories?q=rh", "/api/vocabulary", "/api/territories/69/portrait", "/portrait/69",
		"/api/territories/69/timeline?level=departement", "/api/territories/69/similar?level=departement",
		"/api/territories/69/duplicable?level=departement",
		"/api/indicators", "/api/indicators/chomage/values?level=departement", "/api/indicators/chomage/breaks?level=departement",
	}
}

// TestConditionalRequests checks, on every family of data endpoint, the
// validators of a 200 (a strong ETag, Last-Modified, Cache-Control:
// no-cache) and the answers to revalidation: 304 with no body and no read
// beyond the version for a matching If-None-Match (strong or weak) or an
// If-Modified-Since not older than the data, 200 for another tag; and
// that the tag tells representations apart (Accept-Encoding, query).
func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	demo, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	st := &countingStore{Store: demo}
	h := newHandler(t, st, server.Config{})
	for _, target := range dataTargets() {
		t.Run(target, func(t *testing.T) {
			rec := get(t, h, target)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			etag, modified := rec.Header().Get("ETag"), rec.Header().Get("Last-Modified")
			if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
				t.Fatalf("ETag %q is not a strong entity tag", etag)
			}
			if modified == "" || rec.Header().Get("Cache-Control") != "no-cache" {
				t.Errorf("Last-Modified %q, Cache-Control %q", modified, rec.Header().Get("Cache-Control"))
			}
			if again := get(t, h, target).Header().Get("ETag"); again != etag {
				t.Errorf("the same request has ETags %s and %s", etag, again)
			}
			for _, header := range [][]string{{"If-None-Match", etag}, {"If-None-Match", "W/" + etag},
				{"If-None-Match", `"other", ` + etag}, {"If-None-Match", "*"}, {"If-Modified-Since", modified}} {
				before := st.reads.Load()
				rec := get(t, h, target, header...)
				if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
					t.Errorf("%s: %s: status %d with %d bytes, want 304 and none", header[0], header[1], rec.Code, rec.Body.Len())
				}
				if rec.Header().Get("ETag") != etag {
					t.Errorf("%s: the 304 has ETag %q, want %s", header[0], rec.Header().Get("ETag"), etag)
				}
				if n := st.reads.Load() - before; n != 0 {
					t.Errorf("%s: a revalidation read the store %d times beyond the version", header[0], n)
				}
			}
			if rec := get(t, h, target, "If-None-Match", `"stale"`); rec.Code != http.StatusOK {
				t.Errorf("another tag: status %d, want 200", rec.Code)
			}
			if rec := get(t, h, target, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"); rec.Code != http.StatusOK {
				t.Errorf("modified since 2001: status %d, want 200", rec.Code)
			}
			if gz := get(t, h, target, "Accept-Encoding", "gzip").Header().Get("ETag"); gz == etag {
				t.Errorf("the same ETag %s with and without Accept-Encoding: gzip", etag)
			}
		})
	}
	// Another query is another representation.
	a := get(t, h, "/ogc/collections/actors/items?limit=5").Header().Get("ETag")
	if b := get(t, h, "/ogc/collections/actors/items?limit=6").Header().Get("ETag"); a == b {
		t.Errorf("limit=5 and limit=6 share the ETag %s", a)
	}
	// An error carries no validator, nor does health (the viewer's files
	// carry their content's: TestViewerFileETags).
	for _, target := range []string{"/ogc/collections/actors/items?limit=0", "/ogc/collections/nope", "/healthz"} {
		if rec := get(t, h, target); rec.Header().Get("ETag") != "" {
			t.Errorf("%s (status %d) has an ETag", target, rec.Code)
		}
	}
}

// TestResponseCache: a repeated request is answered from the response cache
// with the same bytes and headers as the first answer (compressed or not),
// under its own request id; a refusal is never kept.
func TestResponseCache(t *testing.T) {
	t.Parallel()
	demo, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	st := &countingStore{Store: demo}
	h := newHandler(t, st, server.Config{})
	for _, target := range dataTargets() {
		for _, enc := range []string{"", "gzip"} {
			first := get(t, h, target, "Accept-Encoding", enc)
			before := st.reads.Load()
			again := get(t, h, target, "Accept-Encoding", enc)
			if n := st.reads.Load() - before; n != 0 {
				t.Errorf("%s (%q): the repeated request read the store %d times", target, enc, n)
			}
			if again.Code != first.Code || again.Body.String() != first.Body.String() {
				t.Errorf("%s (%q): status %d and %d bytes from the cache, %d and %d at first", target, enc,
					again.Code, again.Body.Len(), first.Code, first.Body.Len())
			}
			for _, k := range []string{"Content-Type", "Content-Encoding", "ETag", "Last-Modified", "Content-Crs", "Link"} {
				if again.Header().Get(k) != first.Header().Get(k) {
					t.Errorf("%s (%q): %s %q from the cache, %q at first", target, enc, k, again.Header().Get(k), first.Header().Get(k))
				}
			}
			if id := again.Header().Get("X-Request-ID"); id == "" || id == first.Header().Get("X-Request-ID") {
				t.Errorf("%s (%q): the cached answer carries request id %q, the first's", target, enc, id)
			}
		}
	}
	bad := "/ogc/collections/actors/items?limit=0"
	get(t, h, bad)
	if rec := get(t, h, bad); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), rec.Header().Get("X-Request-ID")) {
		t.Errorf("a repeated refusal: status %d, body %s", rec.Code, rec.Body)
	}
}

// versionedStore answers the version the test sets.
type versionedStore struct {
	data.Store
	v atomic.Pointer[data.Version]
}

func (s *versionedStore) Version(context.Context) (data.Version, error) { return *s.v.Load(), nil }

// TestTerritoryTilesOutliveWrites: a territory collection's tiles with the
// territories' own fields, and the indicators' values and breaks, are
// tagged by the indicators' version, so a write of actors or partnerships
// (the data version alone moves) leaves their ETag, and the client's copy,
// valid; a change of the territories (both move) does not; asking for the
// alliance counts, another collection's tiles or a gap ranking follows
// the data version.
func TestTerritoryTilesOutliveWrites(t *testing.T) {
	t.Parallel()
	demo, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	st := &versionedStore{Store: demo}
	h := newHandler(t, st, server.Config{})
	const tile = "/tiles/WebMercatorQuad/8/90/131"
	tag := func(v data.Version, target string) string {
		t.Helper()
		st.v.Store(&v)
		rec := get(t, h, target)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNoContent {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		return rec.Header().Get("ETag")
	}
	before := data.Version{N: 5, Indicators: 3}
	write := data.Version{N: 6, Indicators: 3}       // actors or partnerships changed
	territories := data.Version{N: 7, Indicators: 4} // territories changed
	for _, tc := range []struct {
		target             string
		sameAfterWrite     bool
		sameAfterTerritory bool
	}{
		{"/ogc/collections/communes" + tile, true, false},
		{"/ogc/collections/departements" + tile + "?properties=code,name,population", true, false},
		{"/ogc/collections/departements" + tile + "?properties=code,alliances_count", false, false},
		{"/ogc/collections/actors" + tile, false, false},
		{"/api/indicators", true, false},
		{"/api/indicators/chomage/values?level=departement", true, false},
		{"/api/indicators/chomage/breaks?level=departement&method=quantile&k=5", true, false},
		{"/api/gaps?level=departement", false, false},
		{"/ogc/collections/communes/items?limit=2", false, false},
	} {
		a, b, c := tag(before, tc.target), tag(write, tc.target), tag(territories, tc.target)
		if a == "" || (a == b) != tc.sameAfterWrite || (b == c) != tc.sameAfterTerritory {
			t.Errorf("%s: ETag %s, after a write %s, after a territory change %s; want the same after a write: %v, after a territory change: %v",
				tc.target, a, b, c, tc.sameAfterWrite, tc.sameAfterTerritory)
		}
	}
	// The client's copy stays valid across the write: 304.
	st.v.Store(&before)
	etag := get(t, h, "/ogc/collections/communes"+tile).Header().Get("ETag")
	st.v.Store(&write)
	if rec := get(t, h, "/ogc/collections/communes"+tile, "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("a commune tile revalidated after a write: %d, want 304", rec.Code)
	}
}

// TestResponseCacheDropsOlderVersions: the first request of a newer data
// version drops the answers kept for older ones, not those tagged by the
// indicators' version, which a write of actors leaves current; the answers
// of the new version are kept.
func TestResponseCacheDropsOlderVersions(t *testing.T) {
	t.Parallel()
	demo, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	counting := &countingStore{Store: demo}
	st := &versionedStore{Store: counting}
	h := newHandler(t, st, server.Config{})
	entries := func() string {
		t.Helper()
		v, ok := metricSample(get(t, h, "/metrics").Body.String(), "maillage_response_cache_entries")
		if !ok {
			t.Fatal("no maillage_response_cache_entries in /metrics")
		}
		return v
	}
	const gaps, values = "/api/gaps?level=departement", "/api/indicators/chomage/values?level=departement"
	st.v.Store(&data.Version{N: 5, Indicators: 3})
	get(t, h, gaps)
	get(t, h, values)
	if n := entries(); n != "2" {
		t.Fatalf("%s entries kept, want 2", n)
	}
	st.v.Store(&data.Version{N: 6, Indicators: 3}) // a write of actors
	before := counting.reads.Load()
	get(t, h, values)
	if n := counting.reads.Load() - before; n != 0 {
		t.Errorf("the values, tagged by the indicators' version, were read again after a write (%d reads)", n)
	}
	if n := entries(); n != "1" {
		t.Errorf("%s entries after a write, want 1: the gaps of version 5 dropped, the values kept", n)
	}
	get(t, h, gaps)
	before = counting.reads.Load()
	get(t, h, gaps)
	if n := counting.reads.Load() - before; n != 0 {
		t.Errorf("the gaps of the new version were not kept (%d reads)", n)
	}
	if n := entries(); n != "2" {
		t.Errorf("%s entries, want 2", n)
	}
}
