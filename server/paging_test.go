package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// matchingIDs lists, straight from the store, the ids of every feature of a
// collection matching q (paging fields ignored), in the store's order; it
// reads data.MaxLimit at a time, each read after the last id.
func matchingIDs(t *testing.T, st data.Store, col string, q data.ItemsQuery) []string {
	t.Helper()
	q.Limit, q.Offset, q.After = data.MaxLimit, 0, ""
	var ids []string
	for {
		n := 0
		err := sourceOf(st, col).Items(context.Background(), col, q, func(f []byte) error {
			var feat struct{ ID json.RawMessage }
			if err := json.Unmarshal(f, &feat); err != nil {
				return err
			}
			ids = append(ids, string(feat.ID))
			q.After = strings.Trim(string(feat.ID), `"`)
			n++
			return nil
		})
		if err != nil {
			t.Fatalf("store items of %s: %v", col, err)
		}
		if n < data.MaxLimit {
			return ids
		}
	}
}

// walkPages follows next links from target as GDAL and QGIS do (verbatim), and
// returns the ids of every page. Each page must report the same
// numberMatched (want), hold at most limit features, and carry its next
// link as a cursor.
func walkPages(t *testing.T, h http.Handler, target string, limit, want int) []string {
	t.Helper()
	var ids []string
	for pages := 0; target != ""; pages++ {
		if pages > want+2 {
			t.Fatalf("%d pages for %d features: next links loop", pages, want)
		}
		rec := get(t, h, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
		fc := decodeFC(t, rec.Body)
		// A page of 1 000 or more may leave its count to a later request
		// (TestLargePageCounts); smaller ones count.
		if (fc.NumberMatched == nil && limit < 1000) || (fc.NumberMatched != nil && *fc.NumberMatched != want) {
			t.Fatalf("%s: numberMatched %s, want %d", target, ptrText(fc.NumberMatched), want)
		}
		if n := len(fc.Features); n > limit || *fc.NumberReturned != n || (n == 0 && pages > 0) {
			t.Fatalf("%s: %d features, numberReturned %d, limit %d (page %d)", target, n, *fc.NumberReturned, limit, pages)
		}
		ids = append(ids, fc.ids()...)
		next := fc.link("next")
		if next == "" {
			break
		}
		u, err := url.Parse(next)
		if err != nil || !u.IsAbs() {
			t.Fatalf("next %q is not absolute", next)
		}
		if q := u.Query(); q.Get("cursor") == "" || q.Has("offset") {
			t.Fatalf("next %q: want a cursor and no offset", next)
		}
		target = u.RequestURI()
	}
	return ids
}

// TestCursorWalk pages through every collection, whole or filtered, with
// several page sizes, and compares what the pages hold, in order, with
// what the store holds: no feature twice, none missing.
func TestCursorWalk(t *testing.T) {
	t.Parallel()
	st := benchStore(t, 250)
	h := newHandler(t, st, server.Config{})
	type walkCase struct {
		name, col, query string
		q                data.ItemsQuery
		skip             int // features before the first page (offset)
	}
	var cases []walkCase
	for _, col := range servedCatalog() {
		cases = append(cases, walkCase{name: col.ID, col: col.ID})
	}
	lyon := orb.Bound{Min: orb.Point{4.7, 45.6}, Max: orb.Point{4.9, 45.8}}
	cases = append(cases,
		walkCase{name: "actors bbox", col: data.CollectionActors, query: "bbox=4.7,45.6,4.9,45.8", q: data.ItemsQuery{BBox: &lyon}},
		walkCase{name: "actors kind", col: data.CollectionActors, query: "kind=association",
			q: data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}}},
		walkCase{name: "actors kind and bbox", col: data.CollectionActors, query: "bbox=4.7,45.6,4.9,45.8&kind=culture_not_a_kind",
			q: data.ItemsQuery{BBox: &lyon, Equals: []data.PropertyFilter{{Name: "kind", Value: "culture_not_a_kind"}}}},
		walkCase{name: "actors from an offset", col: data.CollectionActors, query: "offset=7", skip: 7},
		walkCase{name: "partnerships since 2019", col: data.CollectionPartnerships, query: "datetime=2019-01-01/..",
			q: data.ItemsQuery{During: &data.Interval{Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}}},
		walkCase{name: "communes of 69", col: data.CollectionCommunes, query: "departement=69",
			q: data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "departement", Value: "69"}}}},
	)
	for _, tc := range cases {
		want := matchingIDs(t, st, tc.col, tc.q)
		for _, limit := range []int{1, 2, 7, 100} {
			t.Run(fmt.Sprintf("%s limit %d", tc.name, limit), func(t *testing.T) {
				t.Parallel()
				target := fmt.Sprintf("/ogc/collections/%s/items?limit=%d", tc.col, limit)
				if tc.query != "" {
					target += "&" + tc.query
				}
				got := walkPages(t, h, target, limit, len(want))
				if !slices.Equal(got, want[tc.skip:]) {
					t.Errorf("pages hold %d ids %v…, store %d ids %v…", len(got), firstIDs(got), len(want)-tc.skip, firstIDs(want[tc.skip:]))
				}
			})
		}
	}
}

func ptrText[T int | int64](n *T) string {
	if n == nil {
		return "absent"
	}
	return fmt.Sprint(*n)
}

func firstIDs(ids []string) []string { return ids[:min(len(ids), 8)] }

// TestCursorWalkAtMaxLimit pages with limit=10000, where the server cannot
// read a feature to spare (the store's maximum) and decides on next from
// the count.
func TestCursorWalkAtMaxLimit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a 10 000-actor store")
	}
	st := benchStore(t, 10000)
	h := newHandler(t, st, server.Config{})
	want := matchingIDs(t, st, data.CollectionActors, data.ItemsQuery{})
	// Twice: the first walk may start before the count is held (a full
	// page then assumes a next one), the second once it is.
	const target = "/ogc/collections/actors/items?limit=10000"
	for walk := range 2 {
		if walk == 1 {
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if decodeFC(t, get(t, h, target).Body).NumberMatched != nil {
					break
				}
			}
		}
		got := walkPages(t, h, target, 10000, len(want))
		if !slices.Equal(got, want) {
			t.Errorf("walk %d: pages hold %d ids, store %d", walk, len(got), len(want))
		}
	}
}

// TestCursorIsOpaqueAndStable checks that the same page gives the same
// cursor, which names no id in clear.
func TestCursorIsOpaqueAndStable(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	a := cursorOf(t, h, "/ogc/collections/communes/items?limit=1")
	b := cursorOf(t, h, "/ogc/collections/communes/items?limit=1")
	if a != b {
		t.Errorf("cursors %q and %q for the same page", a, b)
	}
	if strings.Contains(a, "01053") || strings.ContainsAny(a, "+/=") {
		t.Errorf("cursor %q is not opaque base64url", a)
	}
}
