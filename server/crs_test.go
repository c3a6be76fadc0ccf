package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// atelier is actor 1 of testDataset, in Lyon, and where each CRS puts it,
// written as the server writes it (7 decimals of degrees, 2 of metres).
var atelier = orb.Point{4.8301, 45.7601}

func wantPosition(crs geo.CRS) [2]string {
	p := crs.Projection().Forward(atelier)
	prec := 7
	if crs.Projected() {
		prec = 2
	}
	trim := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', prec, 64)
		s = strings.TrimRight(s, "0")
		return strings.TrimSuffix(s, ".")
	}
	return [2]string{trim(p[0]), trim(p[1])}
}

// firstPosition reads the coordinates of a Point geometry's JSON as text.
func firstPosition(t *testing.T, geom json.RawMessage) [2]string {
	t.Helper()
	var g struct {
		Type        string
		Coordinates []json.Number
	}
	dec := json.NewDecoder(strings.NewReader(string(geom)))
	dec.UseNumber()
	if err := dec.Decode(&g); err != nil || g.Type != "Point" || len(g.Coordinates) != 2 {
		t.Fatalf("geometry %s: want a Point (%v)", geom, err)
	}
	return [2]string{g.Coordinates[0].String(), g.Coordinates[1].String()}
}

// TestItemsInEachCRS asks actors in each CRS, as URI: the Content-Crs
// header names it, Lyon's actor is where geo puts it (lat first in
// EPSG:4326, Lambert-93 in metres), and the links carry the crs on.
func TestItemsInEachCRS(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, crs := range geo.CRSs() {
		t.Run(crs.String(), func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/ogc/collections/actors/items?limit=2&crs="+url.QueryEscape(crs.URI()))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if got, want := rec.Header().Get("Content-Crs"), "<"+crs.URI()+">"; got != want {
				t.Errorf("Content-Crs %q, want %q", got, want)
			}
			fc := decodeFC(t, rec.Body)
			if got, want := firstPosition(t, fc.Features[0].Geometry), wantPosition(crs); got != want {
				t.Errorf("actor 1 at %v, want %v", got, want)
			}
			for _, rel := range []string{"self", "alternate", "next"} {
				href := fc.link(rel)
				hasCRS := strings.Contains(href, "crs="+crs.URI())
				if hasCRS != (crs != geo.CRS84) {
					t.Errorf("%s link %s: crs carried %v, want %v", rel, href, hasCRS, crs != geo.CRS84)
				}
			}
		})
	}
}

// TestCRSShortForms: an EPSG:n or URN identifier is understood, and the
// answer names the CRS by its URI.
func TestCRSShortForms(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, id := range []string{"EPSG:2154", "urn:ogc:def:crs:EPSG::2154", "[EPSG:2154]"} {
		rec := get(t, h, "/ogc/collections/actors/items?crs="+url.QueryEscape(id))
		if got := rec.Header().Get("Content-Crs"); rec.Code != http.StatusOK || got != "<http://www.opengis.net/def/crs/EPSG/0/2154>" {
			t.Errorf("crs=%s: status %d, Content-Crs %q", id, rec.Code, got)
		}
	}
}

// TestItemInEachCRS: one feature in each CRS, its self link keeping the
// crs.
func TestItemInEachCRS(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	for _, crs := range geo.CRSs() {
		rec := get(t, h, "/ogc/collections/actors/items/1?crs="+url.QueryEscape(crs.URI()))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", crs, rec.Code, rec.Body)
		}
		if got, want := rec.Header().Get("Content-Crs"), "<"+crs.URI()+">"; got != want {
			t.Errorf("%s: Content-Crs %q, want %q", crs, got, want)
		}
		var f struct {
			Geometry json.RawMessage
			Links    []struct{ Href, Rel string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		if got, want := firstPosition(t, f.Geometry), wantPosition(crs); got != want {
			t.Errorf("%s: actor 1 at %v, want %v", crs, got, want)
		}
		self := f.Links[slices.IndexFunc(f.Links, func(l struct{ Href, Rel string }) bool { return l.Rel == "self" })].Href
		if strings.Contains(self, "crs=") != (crs != geo.CRS84) {
			t.Errorf("%s: self link %s", crs, self)
		}
	}
	if rec := get(t, h, "/ogc/collections/actors/items/1?crs=EPSG:2154&f=html"); rec.Code != http.StatusOK {
		t.Errorf("HTML with a crs: status %d", rec.Code)
	}
}

// TestBBoxCRS sends the box over Lyon (actors 1, 2 and 4) in each CRS, as
// the region it covers would be written there, and pages through it one
// feature at a time in Web Mercator: the same actors come back, and every
// next link keeps bbox, bbox-crs and crs as given.
func TestBBoxCRS(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	lyon := orb.Bound{Min: orb.Point{4.82, 45.75}, Max: orb.Point{4.89, 45.78}}
	want := []string{"1", "2", "4"}
	for _, crs := range geo.CRSs() {
		t.Run(crs.String(), func(t *testing.T) {
			t.Parallel()
			// The box in crs: its corners' images, widened by a metre (or
			// 1e-5°) so that Lambert-93's turned grid still covers it.
			p := crs.Projection()
			var b orb.Bound
			for i, c := range []orb.Point{lyon.Min, lyon.Max, {lyon.Min[0], lyon.Max[1]}, {lyon.Max[0], lyon.Min[1]}} {
				if i == 0 {
					b = orb.Bound{Min: p.Forward(c), Max: p.Forward(c)}
				}
				b = b.Extend(p.Forward(c))
			}
			pad := 1e-5
			if crs.Projected() {
				pad = 1
			}
			b = b.Pad(pad)
			nums := []string{}
			for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
				nums = append(nums, strconv.FormatFloat(v, 'f', -1, 64))
			}
			bbox := strings.Join(nums, ",")
			target := "/ogc/collections/actors/items?limit=1&crs=EPSG:3857&bbox=" + bbox + "&bbox-crs=" + url.QueryEscape(crs.URI())
			var got []string
			for pages := 0; target != "" && pages < 10; pages++ {
				rec := get(t, h, target)
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s: status %d: %s", target, rec.Code, rec.Body)
				}
				fc := decodeFC(t, rec.Body)
				got = append(got, fc.ids()...)
				target = strings.TrimPrefix(fc.link("next"), "http://example.com")
				if target == "" {
					break
				}
				q, err := url.ParseQuery(target[strings.Index(target, "?")+1:])
				if err != nil {
					t.Fatal(err)
				}
				if q.Get("bbox") != bbox || q.Get("bbox-crs") != crs.URI() && crs != geo.CRS84 ||
					q.Get("crs") != geo.EPSG3857.URI() {
					t.Errorf("next link %s: want bbox=%s, bbox-crs=%s, crs=%s", target, bbox, crs.URI(), geo.EPSG3857.URI())
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("actors %v, want %v", got, want)
			}
		})
	}
}

// TestCollectionCRS: each collection lists the four CRSs, CRS84 first and
// as storage CRS; conformance declares Part 2; the OpenAPI document offers
// the four URIs for crs and bbox-crs.
func TestCollectionCRS(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	var col struct {
		CRS        []string `json:"crs"`
		StorageCRS string   `json:"storageCrs"`
	}
	if err := json.Unmarshal(get(t, h, "/ogc/collections/communes").Body.Bytes(), &col); err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, c := range geo.CRSs() {
		uris = append(uris, c.URI())
	}
	if !slices.Equal(col.CRS, uris) || col.StorageCRS != geo.CRS84.URI() {
		t.Errorf("crs %v, storageCrs %q; want %v and CRS84", col.CRS, col.StorageCRS, uris)
	}
	var api struct {
		Components struct {
			Parameters map[string]struct {
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(get(t, h, "/ogc/api").Body.Bytes(), &api); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"crs", "bbox-crs"} {
		if got := api.Components.Parameters[name].Schema.Enum; !slices.Equal(got, uris) {
			t.Errorf("OpenAPI %s enum %v, want %v", name, got, uris)
		}
	}
}
