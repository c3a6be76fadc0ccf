package server_test

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/paulmach/orb"
)

// TestGDAL proves with the real clients that GIS analysts can use the OGC
// API: GDAL's OAPIF and MVT drivers (ogrinfo, ogr2ogr), and QGIS
// (qgis_test.go), read a live server over the embedded store and over
// PostGIS, both loaded from the committed demo, and get what the store
// holds. Each case starts a server of its own, so the
// requests in its access log are its own; the stores are shared.
//
// Without ogrinfo/ogr2ogr the test skips, and without
// MAILLAGE_TEST_DATABASE_URL its PostGIS half skips; under CI=true both
// fail instead. Run it with
//
//	scripts/with-postgis.sh go test -count=1 -run GDAL -v ./server/
func TestGDAL(t *testing.T) {
	if testing.Short() {
		t.Skip("the GDAL client tests load the demo and run ogr2ogr: skipped with -short")
	}
	start := time.Now()
	tools := findGDAL(t)
	t.Logf("%s; OAPIF CRS open option: %v", tools.version, tools.hasOAPIFOption("CRS"))

	ds, err := demo.Load()
	if err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	// PostGIS loads in the background while the embedded store is built and
	// its cases run; it is also the reference (ST_Transform) of their
	// Lambert-93 case.
	pg := startGDALPostGIS(t, ds)
	embedded := gdalEmbeddedStore(t, ds)
	t.Logf("embedded store ready after %.1fs", time.Since(start).Seconds())

	stores := []struct {
		name  string
		store func(t *testing.T) data.Store
	}{
		{"embedded", func(*testing.T) data.Store { return embedded }},
		{"postgis", func(t *testing.T) data.Store { return pg.wait(t).store }},
	}
	cases := []struct {
		name string
		run  func(t *testing.T, g gdalCase)
	}{
		{"ogrinfo lists every collection", testGDALListsCollections},
		{"ogr2ogr fetches every actor through next links", testGDALAllActors},
		{"spat over Paris is sent as bbox", testGDALSpatParis},
		{"where kind reaches the server", testGDALWhereKind},
		{"Lambert-93 within 1 cm of ST_Transform", testGDALLambert93},
		{"ogr2ogr pulls a gap ranking filtered by domain", testGDALGaps},
		{"ogrinfo reads an actors tile through the MVT driver", testGDALActorsTile},
		{"QGIS reads OAPIF layers and draws XYZ vector tiles", testQGIS},
	}
	for _, sc := range stores {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			st := sc.store(t)
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tc.run(t, gdalCase{gdalSession: newGDALSession(t, tools, st), store: st, ref: pg})
				})
			}
		})
	}
	t.Cleanup(func() { t.Logf("TestGDAL took %.1fs", time.Since(start).Seconds()) })
}

// gdalCase is what one case works with: its own server and GDAL session,
// the store that server answers from, and the PostGIS demo database as a
// reference (call ref.wait).
type gdalCase struct {
	*gdalSession
	store data.Store
	ref   *gdalPostGIS
}

// testGDALListsCollections: `ogrinfo -ro -so OAPIF:…/ogc` lists every
// collection of data.Catalog, in catalog order, with its geometry type
// (which GDAL learns by reading a first page of items).
func testGDALListsCollections(t *testing.T, g gdalCase) {
	res := g.ogrinfo(nil, "-ro", "-so", g.dataset())
	got := gdalParseLayers(res.stdout)
	var wantNames, gotNames []string
	for _, c := range servedCatalog() {
		wantNames = append(wantNames, c.ID)
	}
	for _, l := range got {
		gotNames = append(gotNames, l.name)
	}
	if !slices.Equal(gotNames, wantNames) {
		t.Fatalf("ogrinfo lists layers %q, want %q (data.Catalog order)\nstdout:\n%s\nserver requests:\n%s",
			gotNames, wantNames, gdalIndent(res.stdout), gdalIndent(g.srv.log.String()))
	}
	for i, c := range servedCatalog() {
		if want := gdalGeometryNames(c.GeometryType); !slices.Contains(want, got[i].geometry) {
			t.Errorf("layer %s: GDAL reads geometry type %q, want one of %q (collection type %s)",
				c.ID, got[i].geometry, want, c.GeometryType)
		}
	}
}

// gdalLayer is one line of ogrinfo's layer list, such as
// "3: alliances (title: Alliances territoriales) (Point)": the title is
// there when the collection has one, the geometry type when GDAL knows it.
type gdalLayer struct{ name, geometry string }

var gdalLayerLine = regexp.MustCompile(`^\d+: (\S+)(.*)$`)

func gdalParseLayers(stdout string) []gdalLayer {
	var out []gdalLayer
	for line := range strings.Lines(stdout) {
		m := gdalLayerLine.FindStringSubmatch(strings.TrimRight(line, "\r\n"))
		if m == nil {
			continue
		}
		l := gdalLayer{name: m[1]}
		// The geometry type is the last parenthesised group, and never
		// holds a parenthesis itself (a title may).
		rest := m[2]
		if i := strings.LastIndex(rest, " ("); i >= 0 && strings.HasSuffix(rest, ")") {
			if g := rest[i+2 : len(rest)-1]; !strings.HasPrefix(g, "title: ") && !strings.ContainsAny(g, "()") {
				l.geometry = g
			}
		}
		out = append(out, l)
	}
	return out
}

// gdalGeometryNames are the names ogrinfo may print for a collection's
// GeoJSON geometry type. A MultiPolygon layer whose first page happens to
// hold only Polygons is read as Polygon, and the reverse: both are right.
func gdalGeometryNames(geojsonType string) []string {
	switch geojsonType {
	case "Point":
		return []string{"Point"}
	case "LineString":
		return []string{"Line String"}
	case "MultiPolygon", "Polygon":
		return []string{"Multi Polygon", "Polygon"}
	}
	return []string{geojsonType}
}

// testGDALAllActors: `ogr2ogr -f GPKG out.gpkg OAPIF:…/ogc actors` with a
// page size that makes GDAL walk several pages through the next links gets
// every actor once: the GeoPackage holds exactly the store's ids
// (-preserve_fid keeps the feature ids, and a duplicate would break the
// GeoPackage's primary key).
func testGDALAllActors(t *testing.T, g gdalCase) {
	const pageSize = 2500
	want := gdalStoreIDs(t, g.store, data.CollectionActors, data.ItemsQuery{})
	if n := gdalStoreCount(t, g.store, data.CollectionActors, data.ItemsQuery{}); n != int64(len(want)) {
		t.Fatalf("the store counts %d actors but streams %d", n, len(want))
	}
	if len(want) <= 2*pageSize {
		t.Fatalf("only %d actors: a page size of %d would not walk several pages", len(want), pageSize)
	}
	out := filepath.Join(g.dir, "actors.gpkg")
	g.ogr2ogr(nil, "-f", "GPKG", "-preserve_fid", out, g.dataset(), data.CollectionActors,
		"-oo", fmt.Sprintf("PAGE_SIZE=%d", pageSize))

	if n := g.gpkgFeatureCount(out, data.CollectionActors); n != int64(len(want)) {
		t.Errorf("GeoPackage Feature Count: got %d, want %d (store.CountItems)", n, len(want))
	}
	g.compareIDs(out, data.CollectionActors, want)

	// GDAL asks for the first page with limit alone (twice: once to learn
	// the schema); every other request comes from a next link.
	reqs := g.srv.log.itemsRequests(data.CollectionActors)
	first := url.Values{"limit": {strconv.Itoa(pageSize)}}.Encode()
	wantPages := (len(want) + pageSize - 1) / pageSize
	followed := 0
	for _, r := range reqs {
		if r.status != http.StatusOK {
			t.Errorf("items request answered %d: %s", r.status, r)
		}
		if r.query().Encode() != first {
			followed++
		}
	}
	if followed < wantPages-1 {
		t.Errorf("GDAL followed %d next links, want at least %d for %d actors in pages of %d\nitems requests:\n%s",
			followed, wantPages-1, len(want), pageSize, gdalIndent(gdalRequestLines(reqs)))
	}
}

// gdalParisBBox is the bbox of the Paris case: the city within its
// périphérique.
var gdalParisBBox = orb.Bound{Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}}

// testGDALSpatParis: ogr2ogr -spat over Paris sends the rectangle to the
// server as bbox (GDAL would otherwise filter on its side, and the counts
// would agree without proving anything) and gets exactly the store's
// actors in that bbox.
func testGDALSpatParis(t *testing.T, g gdalCase) {
	const pageSize = 1000
	q := data.ItemsQuery{BBox: &gdalParisBBox}
	want := gdalStoreIDs(t, g.store, data.CollectionActors, q)
	if n := gdalStoreCount(t, g.store, data.CollectionActors, q); n != int64(len(want)) {
		t.Fatalf("the store counts %d actors in Paris but streams %d", n, len(want))
	}
	if len(want) == 0 {
		t.Fatal("the store has no actor in Paris: the case would prove nothing")
	}
	out := filepath.Join(g.dir, "paris.gpkg")
	b := gdalParisBBox
	g.ogr2ogr(nil, "-f", "GPKG", "-preserve_fid", out, g.dataset(), data.CollectionActors,
		"-oo", fmt.Sprintf("PAGE_SIZE=%d", pageSize),
		"-spat", gdalFtoa(b.Min[0]), gdalFtoa(b.Min[1]), gdalFtoa(b.Max[0]), gdalFtoa(b.Max[1]))

	if n := g.gpkgFeatureCount(out, data.CollectionActors); n != int64(len(want)) {
		t.Errorf("-spat over Paris: got %d actors, want %d (store.CountItems with that bbox)", n, len(want))
	}
	g.compareIDs(out, data.CollectionActors, want)

	reqs := g.srv.log.itemsRequests(data.CollectionActors)
	withBBox := 0
	for _, r := range reqs {
		raw := r.query().Get("bbox")
		if raw == "" {
			continue
		}
		withBBox++
		got, err := gdalParseBBox(raw)
		if err != nil {
			t.Errorf("request %s: %v", r, err)
			continue
		}
		if !gdalNearBound(got, gdalParisBBox, 1e-9) {
			t.Errorf("request %s: bbox %v, want %v", r, got, gdalParisBBox)
		}
	}
	// GDAL also tests each feature against the rectangle on its side, so a
	// server that ignored bbox would still give the right ids: what tells
	// is how many pages GDAL had to read.
	maxPages := (len(want)+pageSize-1)/pageSize + 1
	switch {
	case withBBox == 0:
		t.Errorf("no items request carried bbox=: GDAL filtered on its side\nitems requests:\n%s", gdalIndent(gdalRequestLines(reqs)))
	case withBBox > maxPages:
		t.Errorf("GDAL read %d pages with bbox= for %d actors in pages of %d, want at most %d: the server does not filter by bbox\nitems requests:\n%s",
			withBBox, len(want), pageSize, maxPages, gdalIndent(gdalRequestLines(reqs)))
	}
}

// testGDALWhereKind: -where "kind = 'association'" gets the store's
// associations, and the filter reaches the server as kind=association.
// GDAL 3.6 sends it only when the OpenAPI document (the landing page's
// service-desc link) declares a query parameter named kind in
// paths["/collections/actors/items"].get.parameters (that exact key: the
// items path relative to the landing page, no template) and the items have
// a kind property; otherwise it filters on its side, which this case
// reports with GDAL's debug output.
func testGDALWhereKind(t *testing.T, g gdalCase) {
	const pageSize = 5000
	q := data.ItemsQuery{Equals: []data.PropertyFilter{{Name: "kind", Value: "association"}}}
	want := gdalStoreIDs(t, g.store, data.CollectionActors, q)
	if n := gdalStoreCount(t, g.store, data.CollectionActors, q); n != int64(len(want)) {
		t.Fatalf("the store counts %d associations but streams %d", n, len(want))
	}
	if len(want) == 0 {
		t.Fatal("the store has no association: the case would prove nothing")
	}
	out := filepath.Join(g.dir, "associations.gpkg")
	res := g.ogr2ogr([]string{"CPL_DEBUG=ON"}, "-f", "GPKG", "-preserve_fid", out, g.dataset(), data.CollectionActors,
		"-oo", fmt.Sprintf("PAGE_SIZE=%d", pageSize), "-where", "kind = 'association'")

	if n := g.gpkgFeatureCount(out, data.CollectionActors); n != int64(len(want)) {
		t.Errorf(`-where "kind = 'association'": got %d actors, want %d (store.CountItems with Equals kind=association)`, n, len(want))
	}
	g.compareIDs(out, data.CollectionActors, want)

	reqs := g.srv.log.itemsRequests(data.CollectionActors)
	reached := 0
	for _, r := range reqs {
		if slices.Contains(r.query()["kind"], "association") {
			reached++
		}
	}
	if reached == 0 {
		t.Errorf("no items request carried kind=association: GDAL filtered on its side.\n"+
			"GDAL's OAPIF debug lines:\n%s\nserver requests:\n%s",
			gdalIndent(gdalDebugLines(res.stderr, "OAPIF")), gdalIndent(g.srv.log.String()))
	}
}

// gdalParseBBox reads bbox=minx,miny,maxx,maxy as GDAL sends it (%.18g).
func gdalParseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, fmt.Errorf("bbox %q: want 4 numbers", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Bound{}, fmt.Errorf("bbox %q: %v", s, err)
		}
		v[i] = x
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

func gdalNearBound(a, b orb.Bound, eps float64) bool {
	return math.Abs(a.Min[0]-b.Min[0]) <= eps && math.Abs(a.Min[1]-b.Min[1]) <= eps &&
		math.Abs(a.Max[0]-b.Max[0]) <= eps && math.Abs(a.Max[1]-b.Max[1]) <= eps
}

func gdalFtoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// gdalDebugLines keeps the CPL_DEBUG lines of one subsystem ("OAPIF: …").
func gdalDebugLines(stderr, subsystem string) string {
	var out []string
	for line := range strings.Lines(stderr) {
		if strings.HasPrefix(line, subsystem+":") {
			out = append(out, strings.TrimRight(line, "\r\n"))
		}
	}
	if len(out) == 0 {
		return "(none)"
	}
	return strings.Join(out, "\n")
}
