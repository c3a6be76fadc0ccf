package server_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// collectionInfo is what tests read of a collection.
type collectionInfo struct {
	ID, Title, Description, ItemType, StorageCrs string
	Crs                                          []string
	Links                                        []docLink
	Extent                                       *struct {
		Spatial *struct {
			BBox [][]float64
			Crs  string
		}
		Temporal *struct {
			Interval [][]*string
			Trs      string
		}
	}
}

// TestCollections checks the list against servedCatalog() and each extent
// against the store's.
func TestCollections(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	h := newHandler(t, st, server.Config{})
	rec := get(t, h, "/ogc/collections")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var doc struct {
		Links       []docLink
		Collections []collectionInfo
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := findLink(doc.Links, "next", ""); ok {
		t.Error("a next link on /collections: GDAL would follow it")
	}
	cat := servedCatalog()
	if len(doc.Collections) != len(cat) {
		t.Fatalf("%d collections, want %d", len(doc.Collections), len(cat))
	}
	for i, col := range cat {
		got := doc.Collections[i]
		if got.ID != col.ID || got.Title != col.Title || got.Description != col.Description {
			t.Errorf("collection %d: %s %q, want %s %q", i, got.ID, got.Title, col.ID, col.Title)
		}
		one := get(t, h, "/ogc/collections/"+col.ID)
		var single collectionInfo
		if err := json.Unmarshal(one.Body.Bytes(), &single); err != nil {
			t.Fatal(err)
		}
		checkCollection(t, st, col, single)
		checkCollection(t, st, col, got)
	}
}

func checkCollection(t *testing.T, st data.Store, col data.Collection, got collectionInfo) {
	t.Helper()
	const crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	crs := []string{crs84, "http://www.opengis.net/def/crs/EPSG/0/4326", "http://www.opengis.net/def/crs/EPSG/0/3857",
		"http://www.opengis.net/def/crs/EPSG/0/2154"}
	if got.ItemType != "feature" || got.StorageCrs != crs84 || !slices.Equal(got.Crs, crs) {
		t.Errorf("%s: itemType %q, storageCrs %q, crs %v", col.ID, got.ItemType, got.StorageCrs, got.Crs)
	}
	base := "http://example.com/ogc/collections/" + col.ID
	for _, w := range []docLink{
		{Href: base, Rel: "self", Type: "application/json"},
		{Href: base + "?f=html", Rel: "alternate", Type: "text/html"},
		{Href: base + "/items", Rel: "items", Type: "application/geo+json"},
		{Href: base + "/items?f=html", Rel: "items", Type: "text/html"},
	} {
		if l, ok := findLink(got.Links, w.Rel, w.Type); !ok || l.Href != w.Href {
			t.Errorf("%s: link %s %s = %q, want %q", col.ID, w.Rel, w.Type, l.Href, w.Href)
		}
	}
	b, iv, err := sourceOf(st, col.ID).Extent(context.Background(), col.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Extent == nil || got.Extent.Spatial == nil || len(got.Extent.Spatial.BBox) != 1 || got.Extent.Spatial.Crs != crs84 {
		t.Fatalf("%s: extent %+v, want one CRS84 box", col.ID, got.Extent)
	}
	bb := got.Extent.Spatial.BBox[0]
	for i, want := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.Abs(bb[i]-want) > 1e-7 {
			t.Errorf("%s: bbox %v, store says %v", col.ID, bb, b)
			break
		}
	}
	if bb[0] > b.Min[0] || bb[1] > b.Min[1] || bb[2] < b.Max[0] || bb[3] < b.Max[1] {
		t.Errorf("%s: bbox %v does not contain the store's %v", col.ID, bb, b)
	}
	temporal := got.Extent.Temporal
	if col.Temporal == "" {
		if temporal != nil {
			t.Errorf("%s: temporal extent %+v on a collection without dates", col.ID, temporal)
		}
		return
	}
	if temporal == nil || len(temporal.Interval) != 1 || len(temporal.Interval[0]) != 2 || iv == nil {
		t.Fatalf("%s: temporal extent %+v, store interval %v", col.ID, temporal, iv)
	}
	if s := temporal.Interval[0][0]; s == nil || *s != iv.Start.UTC().Format("2006-01-02T15:04:05Z") {
		t.Errorf("%s: interval start %v, store says %v", col.ID, s, iv.Start)
	}
}

// countingExtents counts the store's Extent calls.
type countingExtents struct {
	data.Store
	calls atomic.Int64
}

func (c *countingExtents) Extent(ctx context.Context, collection string) (orb.Bound, *data.Interval, error) {
	c.calls.Add(1)
	return c.Store.Extent(ctx, collection)
}

// TestExtentsAreCached checks that listing the collections again does not
// scan the store again: PostGIS computes extents over whole tables.
func TestExtentsAreCached(t *testing.T) {
	t.Parallel()
	st := &countingExtents{Store: newStore(t)}
	h := newHandler(t, st, server.Config{})
	for range 3 {
		if rec := get(t, h, "/ogc/collections"); rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
	}
	get(t, h, "/ogc/collections/actors?f=html")
	if got, want := st.calls.Load(), int64(len(servedCatalog())); got != want {
		t.Errorf("%d Extent calls for 4 requests, want %d (one per collection)", got, want)
	}
}
