package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// This file runs headless QGIS (Debian python3-qgis, driven by
// testdata/qgis_client.py) as a case of TestGDAL: the analysts' desktop
// client reads the OAPIF collections and takes a TileJSON's tile template
// as an XYZ vector tile layer.

// qgisPython is the interpreter Debian installs the qgis module for: a
// python3 earlier in PATH (pyenv, a virtualenv) does not see it.
const qgisPython = "/usr/bin/python3"

// qgisTimeout bounds one run of the client script: QGIS starts in about a
// second, the renders read a few tiles each, and the exports read whole
// layers (19 000 actors) while the other client cases run beside them.
const qgisTimeout = 3 * time.Minute

// findQGIS reports whether QGIS's Python bindings import. Missing, the
// case skips, except under CI=true where it fails: `make test` installs
// python3-qgis.
func findQGIS(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), qgisTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, qgisPython, "-c", "import qgis.core").CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("QGIS's Python bindings do not import (%v: %s): install python3-qgis and qgis-providers (`make test` does)", err, out)
		if gdalInCI() {
			t.Fatal(msg + " — CI=true: every test must run")
		}
		t.Skip(msg)
	}
}

// qgisTileCase is one render of an XYZ vector tile layer: the pixels of
// the features of layer matching filter, over box.
type qgisTileCase struct {
	Name     string     `json:"name"`
	Template string     `json:"template"`
	Layer    string     `json:"layer"`
	Filter   string     `json:"filter"`
	Kind     string     `json:"kind"`
	Box      [4]float64 `json:"box"`
	Probe    []float64  `json:"probe,omitempty"`
}

type qgisResult struct {
	Version string `json:"version"`
	Export  []struct {
		Name    string   `json:"name"`
		Valid   bool     `json:"valid"`
		Error   string   `json:"error"`
		Written int64    `json:"written"`
		Fields  []string `json:"fields"`
	} `json:"export"`
	OAPIF []struct {
		Name  string `json:"name"`
		Valid bool   `json:"valid"`
		Count int64  `json:"count"`
	} `json:"oapif"`
	Tiles []struct {
		Name    string   `json:"name"`
		Valid   bool     `json:"valid"`
		Painted int      `json:"painted"`
		Probe   bool     `json:"probe"`
		Errors  []string `json:"errors"`
	} `json:"tiles"`
}

// testQGIS: QGIS opens the actors and communes collections as OAPIF layers
// and counts what the store counts; then it draws the actors and communes
// tiles from the templates of their TileJSON documents, styled by a
// property as an analyst would: the actors of one kind over a zoom-14 tile
// of Lyon, the commune of Lyon by its code (painted under one of its
// actors). The same styles with a value no feature has paint nothing, so
// a pixel proves that QGIS read the layer name and the property.
func testQGIS(t *testing.T, g gdalCase) {
	findQGIS(t)
	var first struct {
		Geometry   struct{ Coordinates [2]float64 }
		Properties struct{ Kind string }
	}
	err := g.store.Items(t.Context(), data.CollectionActors, data.ItemsQuery{Limit: 1,
		Equals: []data.PropertyFilter{{Name: "commune", Value: "69123"}}}, func(f []byte) error { return json.Unmarshal(f, &first) })
	if err != nil || first.Properties.Kind == "" {
		t.Fatalf("no actor in Lyon to draw (%v)", err)
	}
	at := first.Geometry.Coordinates
	actorBox := maptile.At(orb.Point(at), 14).Bound()
	lyonBox := orb.Bound{Min: orb.Point{at[0] - 0.15, at[1] - 0.1}, Max: orb.Point{at[0] + 0.15, at[1] + 0.1}}
	template := func(collection string) string {
		var tj struct{ Tiles []string }
		res, err := http.Get(g.srv.root + "/collections/" + collection + "/tiles/WebMercatorQuad?f=tilejson")
		if err == nil {
			defer res.Body.Close()
			err = json.NewDecoder(res.Body).Decode(&tj)
		}
		if err != nil || len(tj.Tiles) != 1 {
			t.Fatalf("TileJSON of %s: %v, tiles %q", collection, err, tj.Tiles)
		}
		return tj.Tiles[0]
	}
	box := func(b orb.Bound) [4]float64 { return [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} }
	actors, communes := template(data.CollectionActors), template(data.CollectionCommunes)
	kind := fmt.Sprintf(`"kind" = '%s'`, first.Properties.Kind)
	// Every kind of collection saved to a GeoPackage, as an analyst exports
	// a layer: the territory levels share one schema, and so do the gap
	// levels, so their smallest stand for the others (communes' 35 000
	// areas would only make the run longer).
	var exports []map[string]string
	for _, c := range servedCatalog() {
		switch c.ID {
		case data.CollectionEPCIs, data.CollectionCommunes, analysis.GapCollectionPrefix + "epci", analysis.GapCollectionPrefix + "commune":
			continue
		}
		exports = append(exports, map[string]string{"name": c.ID, "url": g.srv.root, "path": filepath.Join(t.TempDir(), c.ID+".gpkg")})
	}
	spec := map[string]any{
		"export": exports,
		"oapif": []map[string]string{
			{"name": data.CollectionActors, "url": g.srv.root},
			{"name": data.CollectionCommunes, "url": g.srv.root},
		},
		"tiles": []qgisTileCase{
			{Name: "actors of the first one's kind", Template: actors, Layer: "actors", Filter: kind, Kind: "point", Box: box(actorBox)},
			{Name: "actors of no kind", Template: actors, Layer: "actors", Filter: `"kind" = 'aucun'`, Kind: "point", Box: box(actorBox)},
			{Name: "Lyon by its code", Template: communes, Layer: "communes", Filter: `"code" = '69123'`, Kind: "polygon", Box: box(lyonBox), Probe: at[:]},
			{Name: "no commune's code", Template: communes, Layer: "communes", Filter: `"code" = '00000'`, Kind: "polygon", Box: box(lyonBox)},
		},
	}
	in, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), qgisTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, qgisPython, "testdata/qgis_client.py")
	runtime := t.TempDir()
	if err := os.Chmod(runtime, 0o700); err != nil { // as Qt wants its runtime directory
		t.Fatal(err)
	}
	// QGIS keeps a network disk cache (Qt's, in XDG_CACHE_HOME) from one
	// run to the next, keyed by URL: when the test server's port came round
	// again, QGIS revalidated the tiles of an earlier run of the same demo
	// (the same ETags) and drew them from it, every tile a 304. Each run
	// starts with an empty cache of its own.
	cmd.Env = gdalEnv([]string{"QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR=" + runtime, "XDG_CACHE_HOME=" + t.TempDir()})
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("qgis_client.py: %v\nstderr:\n%s\nserver requests:\n%s", err, gdalIndent(stderr.String()), gdalIndent(g.srv.log.String()))
	}
	var got qgisResult
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("qgis_client.py printed %q: %v", stdout.String(), err)
	}
	t.Logf("QGIS %s, %d requests", got.Version, len(g.srv.log.requests()))

	for _, l := range got.OAPIF {
		want := gdalStoreCount(t, g.store, l.Name, data.ItemsQuery{})
		if !l.Valid || l.Count != want {
			t.Errorf("QGIS's OAPIF layer %s: valid %v, %d features; the store counts %d", l.Name, l.Valid, l.Count, want)
		}
	}
	if len(got.Export) != len(exports) {
		t.Fatalf("QGIS exported %d layers, want %d", len(got.Export), len(exports))
	}
	for _, x := range got.Export {
		if !x.Valid || x.Error != "" || x.Written < 1 {
			t.Errorf("QGIS exporting %s to a GeoPackage: valid %v, error %q, %d features written", x.Name, x.Valid, x.Error, x.Written)
		}
		if _, stored := data.LookupCollection(x.Name); stored && x.Error == "" {
			if want := gdalStoreCount(t, g.store, x.Name, data.ItemsQuery{}); x.Written != want {
				t.Errorf("QGIS wrote %d features of %s, the store counts %d", x.Written, x.Name, want)
			}
		}
	}
	if len(got.Tiles) != 4 {
		t.Fatalf("QGIS answered %d tile cases, want 4", len(got.Tiles))
	}
	for i, want := range []struct {
		painted bool
		probe   bool
	}{{painted: true}, {}, {painted: true, probe: true}, {}} {
		c := got.Tiles[i]
		if !c.Valid || (c.Painted > 0) != want.painted || c.Probe != want.probe || len(c.Errors) > 0 {
			t.Errorf("QGIS drawing %s: valid %v, %d pixels painted, probe %v, errors %q; want painted %v, probe %v",
				c.Name, c.Valid, c.Painted, c.Probe, c.Errors, want.painted, want.probe)
		}
	}
	tiles := 0
	for _, r := range g.srv.log.requests() {
		if r.status == http.StatusOK && strings.Contains(r.uri, "/tiles/WebMercatorQuad/") {
			tiles++
		}
	}
	if tiles == 0 {
		t.Errorf("QGIS drew without any tile answered 200:\n%s", gdalIndent(g.srv.log.String()))
	}
}
