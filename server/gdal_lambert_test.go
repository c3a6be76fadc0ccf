package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// Case 5 of TestGDAL: coordinates in Lambert-93 (EPSG:2154), against
// PostGIS's ST_Transform.

// gdalL93URI is the OGC URI of Lambert-93.
const gdalL93URI = "http://www.opengis.net/def/crs/EPSG/0/2154"

// gdalL93AreaOfUse is EPSG's area of use of Lambert-93 (metropolitan France
// and Corsica), in CRS84: outside it the projection is defined but means
// nothing, and implementations may differ, so only the actors inside it
// are compared.
var gdalL93AreaOfUse = orb.Bound{Min: orb.Point{-9.86, 41.15}, Max: orb.Point{10.38, 51.56}}

// testGDALLambert93: actors requested in EPSG:2154 come out of ogr2ogr (no
// -t_srs: the coordinates are the server's) within 1 cm of PostGIS's
// ST_Transform(geom, 2154). It skips when /ogc/collections/actors does not
// list EPSG:2154 in its crs, except under CI=true, where that fails it.
//
// A GDAL whose OAPIF driver has the CRS open option (3.7 and later) asks
// with -oo CRS=EPSG:2154 and walks every page. GDAL 3.6 (Debian
// bookworm's) has none, and its driver would append any crs= of the
// connection string to its /collections requests too; there the case reads
// one page of up to 10 000 actors over the area of use, with crs= in the
// URL, through GDAL's GeoJSON driver.
func testGDALLambert93(t *testing.T, g gdalCase) {
	if crs, status := g.collectionCRS(data.CollectionActors); !slices.ContainsFunc(crs, gdalIsL93) {
		msg := fmt.Sprintf("Lambert-93 (crs=EPSG:2154) not served: /ogc/collections/actors answered %d with crs %q, without %s",
			status, crs, gdalL93URI)
		// The crs parameter has landed: under CI=true a server that stops
		// listing Lambert-93 must fail the run, not skip its one check.
		if gdalInCI() {
			t.Fatal(msg + " — CI=true: every test must run")
		}
		t.Skip(msg)
	}
	want := gdalPostGISLambert93(t, g.ref.wait(t).url)
	total := gdalStoreCount(t, g.store, data.CollectionActors, data.ItemsQuery{})
	out := filepath.Join(g.dir, "actors-l93.gpkg")

	wholeLayer := g.tools.hasOAPIFOption("CRS")
	var wantCount int64
	if wholeLayer {
		g.ogr2ogr(nil, "-f", "GPKG", "-preserve_fid", out, g.dataset(), data.CollectionActors,
			"-oo", "CRS=EPSG:2154", "-oo", "PAGE_SIZE=5000")
		wantCount = total
	} else {
		const limit = data.MaxLimit
		b := gdalL93AreaOfUse
		items := g.srv.root + "/collections/" + data.CollectionActors + "/items?" + url.Values{
			"limit": {strconv.Itoa(limit)},
			"bbox":  {fmt.Sprintf("%s,%s,%s,%s", gdalFtoa(b.Min[0]), gdalFtoa(b.Min[1]), gdalFtoa(b.Max[0]), gdalFtoa(b.Max[1]))},
			"crs":   {gdalL93URI},
		}.Encode()
		t.Logf("%s has no OAPIF CRS open option: reading one page through the GeoJSON driver", g.tools.version)
		g.ogr2ogr(nil, "-f", "GPKG", "-preserve_fid", "-nln", data.CollectionActors, out, "GeoJSON:"+items)
		wantCount = min(int64(limit), gdalStoreCount(t, g.store, data.CollectionActors, data.ItemsQuery{BBox: &b}))
	}

	got := g.gpkgPoints(out, data.CollectionActors)
	if int64(len(got)) != wantCount {
		t.Errorf("ogr2ogr wrote %d actors in EPSG:2154, want %d", len(got), wantCount)
	}
	const tolerance = 0.01 // metres
	compared, bad := 0, 0
	var worst float64
	var outside []int64
	for id, p := range got {
		ref, ok := want[id]
		if !ok {
			outside = append(outside, id)
			continue
		}
		compared++
		d := math.Hypot(p.x-ref.x, p.y-ref.y)
		worst = max(worst, d)
		if d > tolerance {
			bad++
			if bad <= 5 {
				t.Errorf("actor %d: got (%.3f, %.3f), ST_Transform gives (%.3f, %.3f): %.3f m apart, want at most %.2f",
					id, p.x, p.y, ref.x, ref.y, d, tolerance)
			}
		}
	}
	if !wholeLayer && len(outside) > 0 {
		slices.Sort(outside)
		t.Errorf("%d actors of the page over Lambert-93's area of use (bbox %v) lie outside it in PostGIS (first %v)",
			len(outside), gdalL93AreaOfUse, outside[:min(5, len(outside))])
	}
	if wholeLayer && compared != len(want) {
		t.Errorf("compared %d actors, want the %d PostGIS places in Lambert-93's area of use", compared, len(want))
	}
	if compared == 0 {
		t.Fatal("no actor compared: the case would prove nothing")
	}
	if bad > 0 {
		t.Errorf("%d of %d actors more than %.2f m from ST_Transform", bad, compared, tolerance)
	}
	t.Logf("%d actors compared with ST_Transform(geom, 2154): largest gap %.4f m", compared, worst)

	sentCRS := false
	for _, r := range g.srv.log.itemsRequests(data.CollectionActors) {
		if slices.ContainsFunc(r.query()["crs"], gdalIsL93) {
			sentCRS = true
		}
	}
	if !sentCRS {
		t.Errorf("no items request carried crs=%s\nserver requests:\n%s", gdalL93URI, gdalIndent(g.srv.log.String()))
	}
}

// gdalIsL93 reports whether a CRS identifier names EPSG:2154 (URI, URN or
// EPSG:n form).
func gdalIsL93(crs string) bool {
	switch strings.TrimSpace(crs) {
	case gdalL93URI, "https://www.opengis.net/def/crs/EPSG/0/2154", "EPSG:2154", "urn:ogc:def:crs:EPSG::2154":
		return true
	}
	return false
}

// collectionCRS reads a collection's crs list from /ogc/collections/{id}
// as JSON, with its status; nil when the answer is not a JSON collection.
func (g gdalCase) collectionCRS(collection string) ([]string, int) {
	g.t.Helper()
	req, err := http.NewRequestWithContext(g.t.Context(), http.MethodGet, g.srv.root+"/collections/"+collection, nil)
	if err != nil {
		g.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		g.t.Fatalf("GET %s: %v", req.URL, err)
	}
	defer res.Body.Close()
	var doc struct {
		CRS []string `json:"crs"`
	}
	if res.StatusCode != http.StatusOK || json.NewDecoder(res.Body).Decode(&doc) != nil {
		return nil, res.StatusCode
	}
	return doc.CRS, res.StatusCode
}

// gdalPoint is a position in a projected CRS, in metres.
type gdalPoint struct{ x, y float64 }

// gdalPostGISLambert93 returns, by actor id, PostGIS's
// ST_Transform(geom, 2154) of every actor in gdalL93AreaOfUse, read from
// the actors table of the database at dbURL.
func gdalPostGISLambert93(t *testing.T, dbURL string) map[int64]gdalPoint {
	t.Helper()
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect to the reference database: %v", err)
	}
	defer conn.Close(context.Background())
	b := gdalL93AreaOfUse
	rows, err := conn.Query(ctx, `
		SELECT id, ST_X(p), ST_Y(p)
		FROM (SELECT id, ST_Transform(geom, 2154) AS p FROM actors
		      WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)) AS l93`,
		b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	if err != nil {
		t.Fatalf("ST_Transform query: %v", err)
	}
	out := map[int64]gdalPoint{}
	for rows.Next() {
		var id int64
		var p gdalPoint
		if err := rows.Scan(&id, &p.x, &p.y); err != nil {
			t.Fatalf("ST_Transform row: %v", err)
		}
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("ST_Transform rows: %v", err)
	}
	return out
}
