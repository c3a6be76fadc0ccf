package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// decodeTile reads an MVT answer's layers by name.
func decodeTile(t *testing.T, rec interface{ Result() *http.Response }, body []byte) map[string]*mvt.Layer {
	t.Helper()
	if ct := rec.Result().Header.Get("Content-Type"); ct != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("Content-Type %q, want application/vnd.mapbox-vector-tile", ct)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatalf("tile does not decode: %v", err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range layers {
		out[l.Name] = l
	}
	return out
}

func TestTileMatrixSet(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	var list struct {
		TileMatrixSets []struct {
			ID, URI string
			Links   []struct{ Href, Rel string }
		}
	}
	getJSON(t, h, "/ogc/tileMatrixSets", &list)
	if len(list.TileMatrixSets) != 1 || list.TileMatrixSets[0].ID != "WebMercatorQuad" ||
		list.TileMatrixSets[0].URI != "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad" {
		t.Fatalf("tileMatrixSets %+v", list)
	}
	var tms struct {
		ID, CRS      string
		TileMatrices []struct {
			ID                       string
			ScaleDenominator         float64
			CellSize                 float64
			CornerOfOrigin           string
			PointOfOrigin            [2]float64
			MatrixWidth, TileWidth   int
			MatrixHeight, TileHeight int
		}
	}
	getJSON(t, h, "/ogc/tileMatrixSets/WebMercatorQuad", &tms)
	if tms.CRS != "http://www.opengis.net/def/crs/EPSG/0/3857" || len(tms.TileMatrices) != 23 {
		t.Fatalf("crs %q, %d matrices; want EPSG:3857, 0..22", tms.CRS, len(tms.TileMatrices))
	}
	// OGC 17-083r4, annex D.1: zoom 0 and 1 of WebMercatorQuad.
	z0, z1 := tms.TileMatrices[0], tms.TileMatrices[1]
	if z0.ID != "0" || math.Abs(z0.ScaleDenominator-559082264.028717) > 1e-3 || math.Abs(z0.CellSize-156543.033928041) > 1e-6 ||
		z0.MatrixWidth != 1 || z0.TileWidth != 256 || z0.CornerOfOrigin != "topLeft" ||
		math.Abs(z0.PointOfOrigin[0]+20037508.3427892) > 1e-6 || math.Abs(z0.PointOfOrigin[1]-20037508.3427892) > 1e-6 {
		t.Errorf("zoom 0 %+v", z0)
	}
	if z1.ID != "1" || math.Abs(z1.ScaleDenominator-279541132.014358) > 1e-3 || z1.MatrixWidth != 2 || z1.MatrixHeight != 2 {
		t.Errorf("zoom 1 %+v", z1)
	}
	if rec := get(t, h, "/ogc/tileMatrixSets/WorldCRS84Quad"); rec.Code != http.StatusNotFound || decodeProblem(t, rec).Parameter != "tileMatrixSetId" {
		t.Errorf("unknown tile matrix set: %d %s", rec.Code, rec.Body)
	}
}

func TestTilesets(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	var list struct {
		Tilesets []struct {
			DataType, TileMatrixSetURI string
			Links                      []struct{ Href, Rel string }
		}
	}
	getJSON(t, h, "/ogc/collections/actors/tiles", &list)
	if len(list.Tilesets) != 1 || list.Tilesets[0].DataType != "vector" || list.Tilesets[0].Links[0].Href != "http://example.com/ogc/collections/actors/tiles/WebMercatorQuad" {
		t.Fatalf("tilesets %+v", list)
	}

	var ts struct {
		DataType            string
		TileMatrixSetLimits []struct{ TileMatrix string }
		Layers              []struct {
			ID                           string
			GeometryDimension            int
			MinTileMatrix, MaxTileMatrix string
			PropertiesSchema             struct {
				Properties map[string]struct{ Type string }
			}
		}
		Links []struct {
			Href, Rel, Type string
			Templated       bool
		}
	}
	getJSON(t, h, "/ogc/collections/actors/tiles/WebMercatorQuad?kind=association", &ts)
	if ts.DataType != "vector" || len(ts.TileMatrixSetLimits) != 17 || len(ts.Layers) != 2 {
		t.Fatalf("tileset %+v", ts)
	}
	if ts.Layers[0].ID != "actor_cells" || ts.Layers[1].ID != "actors" || ts.Layers[1].MinTileMatrix != "12" ||
		ts.Layers[1].PropertiesSchema.Properties["kind"].Type != "string" || ts.Layers[0].PropertiesSchema.Properties["association"].Type != "integer" {
		t.Errorf("layers %+v", ts.Layers)
	}
	template := ""
	for _, l := range ts.Links {
		if l.Rel == "item" && l.Templated && l.Type == "application/vnd.mapbox-vector-tile" {
			template = l.Href
		}
	}
	if template != "http://example.com/ogc/collections/actors/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}?kind=association" {
		t.Errorf("tile template %q: the filter must carry on to the tiles", template)
	}

	var tj struct {
		TileJSON         string
		Tiles            []string
		MinZoom, MaxZoom int
		Bounds           []float64
		VectorLayers     []struct {
			ID               string
			MinZoom, MaxZoom int
			Fields           map[string]string
		} `json:"vector_layers"`
	}
	getJSON(t, h, "/ogc/collections/partnerships/tiles/WebMercatorQuad?f=tilejson&scale=local", &tj)
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 ||
		tj.Tiles[0] != "http://example.com/ogc/collections/partnerships/tiles/WebMercatorQuad/{z}/{y}/{x}?scale=local" ||
		tj.MinZoom != 0 || tj.MaxZoom != 16 || len(tj.Bounds) != 4 {
		t.Fatalf("TileJSON %+v", tj)
	}
	if len(tj.VectorLayers) != 2 || tj.VectorLayers[0].ID != "partnership_flows" || tj.VectorLayers[0].Fields["count"] != "Number" ||
		tj.VectorLayers[1].ID != "partnerships" || tj.VectorLayers[1].Fields["scale"] != "String" {
		t.Errorf("vector_layers %+v", tj.VectorLayers)
	}

	getJSON(t, h, "/ogc/tiles/WebMercatorQuad?f=tilejson&collections=regions,departements,alliances", &tj)
	var ids []string
	for _, l := range tj.VectorLayers {
		ids = append(ids, l.ID)
	}
	if got := strings.Join(ids, ","); got != "regions,departements,alliance_cells,alliances" {
		t.Errorf("dataset TileJSON layers %s", got)
	}
}

func TestTiles(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	lyon := maptile.At(orb.Point{4.8357, 45.764}, 13)
	path := func(col string, tile maptile.Tile) string {
		return "/ogc/collections/" + col + "/tiles/WebMercatorQuad/" + itoa(int(tile.Z)) + "/" + itoa(int(tile.Y)) + "/" + itoa(int(tile.X))
	}
	rec := get(t, h, path("actors", lyon))
	if rec.Code != http.StatusOK {
		t.Fatalf("actors tile: %d %s", rec.Code, rec.Body)
	}
	layers := decodeTile(t, rec, rec.Body.Bytes())
	if l := layers["actors"]; l == nil || len(l.Features) == 0 || l.Features[0].Properties["kind"] == nil {
		t.Fatalf("actors tile layers %v", layers)
	}
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on a tile")
	}
	if rec := get(t, h, path("actors", lyon), "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", rec.Code)
	}
	if rec := get(t, h, path("actors", maptile.At(orb.Point{-140, -40}, 13))); rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Errorf("empty tile: %d with %d bytes, want 204 and none", rec.Code, rec.Body.Len())
	}
	// Partnerships below zoom 12 are flows between territories.
	rec = get(t, h, path("partnerships", maptile.At(orb.Point{4.8357, 45.764}, 6)))
	if layers := decodeTile(t, rec, rec.Body.Bytes()); layers["partnership_flows"] == nil || layers["partnerships"] != nil {
		t.Errorf("zoom 6 partnerships layers %v", layers)
	}
	rec = get(t, h, "/ogc/tiles/WebMercatorQuad/"+itoa(int(lyon.Z))+"/"+itoa(int(lyon.Y))+"/"+itoa(int(lyon.X))+"?collections=communes,actors")
	if layers := decodeTile(t, rec, rec.Body.Bytes()); len(layers) != 2 || layers["communes"] == nil || layers["actors"] == nil {
		t.Errorf("dataset tile layers %v", layers)
	}
	// The dataset's tiles count today's partnerships, as a collection's
	// do without datetime: the same layer, byte for byte, drawn or summed.
	for i, tile := range []maptile.Tile{lyon, maptile.At(orb.Point{4.8357, 45.764}, 6)} {
		one := get(t, h, path("partnerships", tile))
		if i == 1 && one.Code != http.StatusOK {
			t.Fatalf("zoom 6 partnerships: %d, want flows", one.Code)
		}
		all := get(t, h, "/ogc/tiles/WebMercatorQuad/"+itoa(int(tile.Z))+"/"+itoa(int(tile.Y))+"/"+itoa(int(tile.X))+"?collections=partnerships")
		if one.Code != all.Code || !bytes.Equal(one.Body.Bytes(), all.Body.Bytes()) {
			t.Errorf("zoom %d: the dataset's partnerships (%d, %d bytes) differ from the collection's (%d, %d bytes)",
				tile.Z, all.Code, all.Body.Len(), one.Code, one.Body.Len())
		}
	}

	bad := []struct {
		target, param string
		status        int
	}{
		{"/ogc/collections/actors/tiles/WebMercatorQuad/x/0/0", "tileMatrix", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/-1/0/0", "tileMatrix", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0.5/0", "tileRow", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/+1", "tileCol", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/17/0/0", "tileMatrix", http.StatusNotFound},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/99999999999/0/0", "tileMatrix", http.StatusBadRequest},
		{"/ogc/collections/communes/tiles/WebMercatorQuad/4/0/0", "tileMatrix", http.StatusNotFound},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/8/0", "tileRow", http.StatusNotFound},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/8", "tileCol", http.StatusNotFound},
		{"/ogc/collections/actors/tiles/WorldCRS84Quad/3/0/0", "tileMatrixSetId", http.StatusNotFound},
		{"/ogc/collections/gaps-commune/tiles/WebMercatorQuad/3/0/0", "collectionId", http.StatusNotFound},
		{"/ogc/collections/nope/tiles/WebMercatorQuad", "collectionId", http.StatusNotFound},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/0?filter=" + url.QueryEscape("kind =="), "filter", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/0?employer=maybe", "employer", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/0?bbox=0,0,1,1", "bbox", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/0?f=json", "f", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad/3/0/0?datetime=2020-01-01", "datetime", http.StatusBadRequest},
		{"/ogc/collections/actors/tiles/WebMercatorQuad?f=html", "f", http.StatusBadRequest},
		{"/ogc/tiles/WebMercatorQuad/3/0/0?collections=actors,nope", "collections", http.StatusBadRequest},
		{"/ogc/tiles/WebMercatorQuad/3/0/0?collections=actors,actors", "collections", http.StatusBadRequest},
		{"/ogc/tiles/WebMercatorQuad/3/0/0?kind=association", "kind", http.StatusBadRequest},
	}
	for _, tc := range bad {
		rec := get(t, h, tc.target)
		if rec.Code != tc.status {
			t.Errorf("%s: %d, want %d (%s)", tc.target, rec.Code, tc.status, rec.Body)
			continue
		}
		if p := decodeProblem(t, rec); p.Parameter != tc.param {
			t.Errorf("%s: problem names %q, want %q (%s)", tc.target, p.Parameter, tc.param, p.Detail)
		}
	}
}

// TestTileActorCellsOnDemo: a low-zoom actors tile counts every actor of
// its cells, whose sum is the number of actors the items endpoint finds
// in the cells' box (the tile widened to whole cells), kind by kind.
func TestTileActorCellsOnDemo(t *testing.T) {
	t.Parallel()
	h, st := demoHandler(t)
	tile := maptile.At(orb.Point{4.8357, 45.764}, 7)
	rec := get(t, h, "/ogc/collections/actors/tiles/WebMercatorQuad/7/"+itoa(int(tile.Y))+"/"+itoa(int(tile.X)))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	layer := decodeTile(t, rec, rec.Body.Bytes())["actor_cells"]
	if layer == nil || len(layer.Features) < 10 {
		t.Fatalf("actor_cells layer %+v", layer)
	}
	// The cells are those of zoom 9's grid (90/2^9 degrees), each counted
	// whole and drawn at its actors' mean. The cells drawn inside the tile
	// proper hold every actor of the cells lying wholly in the tile, and
	// none outside the cells meeting it.
	side := 90 / math.Ldexp(1, 9)
	b := tile.Bound()
	inner := orb.Bound{Min: orb.Point{math.Ceil(b.Min[0]/side) * side, math.Ceil(b.Min[1]/side) * side},
		Max: orb.Point{math.Floor(b.Max[0]/side) * side, math.Floor(b.Max[1]/side) * side}}
	outer := orb.Bound{Min: orb.Point{math.Floor(b.Min[0]/side) * side, math.Floor(b.Min[1]/side) * side},
		Max: orb.Point{math.Ceil(b.Max[0]/side) * side, math.Ceil(b.Max[1]/side) * side}}
	count := func(box orb.Bound, kind string) float64 {
		// Items' boxes include their edges, cells their west and south
		// edges only: shrink by a hair so that the east and north edges,
		// the next cells', are out.
		box.Max = orb.Point{box.Max[0] - 1e-9, box.Max[1] - 1e-9}
		q := data.ItemsQuery{BBox: &box}
		if kind != "" {
			q.Equals = []data.PropertyFilter{{Name: "kind", Value: kind}}
		}
		n, err := st.CountItems(context.Background(), data.CollectionActors, q)
		if err != nil {
			t.Fatal(err)
		}
		return float64(n)
	}
	for _, kind := range []string{"", "association"} {
		sum := 0.0
		for _, f := range layer.Features {
			p := f.Geometry.(orb.Point)
			if p[0] < 0 || p[0] > 4096 || p[1] < 0 || p[1] > 4096 {
				continue
			}
			if kind == "" {
				sum += toFloat(f.Properties["count"])
			} else {
				sum += toFloat(f.Properties[kind])
			}
		}
		lo, hi := count(inner, kind), count(outer, kind)
		if sum < lo || sum > hi || lo == 0 {
			t.Errorf("kind %q: cells inside the tile count %v actors, want %v..%v", kind, sum, lo, hi)
		}
	}
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	case float64:
		return n
	}
	return math.NaN()
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestTileCommuneFlowsOnDemo: a tile from zoom 12 with more partnerships
// than its budget (lowered here to 5) draws the links summed per pair of
// communes, each pair counted whole: its count is every partnership
// between the two communes, as the demo's rows say.
func TestTileCommuneFlowsOnDemo(t *testing.T) {
	t.Parallel()
	st, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, st, server.Config{Analysis: analysis.Config{TileFeatureBudget: 5}})
	ds, err := demoDataset()
	if err != nil {
		t.Fatal(err)
	}
	communeOf := map[int64]string{}
	for _, a := range ds.Actors {
		communeOf[a.ID] = a.CommuneCode
	}
	pairs := map[[2]string]float64{}
	for _, p := range ds.Partnerships {
		if !runningToday(p) { // a tile without datetime draws today's
			continue
		}
		a, b := communeOf[p.ActorA], communeOf[p.ActorB]
		if a > b {
			a, b = b, a
		}
		pairs[[2]string{a, b}]++
	}
	var first struct {
		Features []struct {
			Geometry struct{ Coordinates [2]float64 }
		}
	}
	if err := json.Unmarshal(get(t, h, "/ogc/collections/actors/items?limit=1&commune=69123").Body.Bytes(), &first); err != nil || len(first.Features) == 0 {
		t.Fatalf("Lyon's first actor: %v", err)
	}
	tile := maptile.At(orb.Point(first.Features[0].Geometry.Coordinates), 12)
	rec := get(t, h, "/ogc/collections/partnerships/tiles/WebMercatorQuad/12/"+itoa(int(tile.Y))+"/"+itoa(int(tile.X)))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	layers := decodeTile(t, rec, rec.Body.Bytes())
	flows := layers["partnership_flows"]
	if flows == nil || layers["partnerships"] != nil || len(flows.Features) == 0 {
		t.Fatalf("layers %v: want commune flows only", layers)
	}
	for _, f := range flows.Features {
		a, b := f.Properties["a"].(string), f.Properties["b"].(string)
		if f.Properties["level"] != "commune" {
			t.Errorf("flow %s–%s at level %v", a, b, f.Properties["level"])
		}
		if a > b {
			a, b = b, a
		}
		if got, want := toFloat(f.Properties["count"]), pairs[[2]string{a, b}]; got != want {
			t.Errorf("flow %s–%s counts %v partnerships, the rows %v", a, b, got, want)
		}
	}
	t.Logf("%d pairs of communes drawn", len(flows.Features))
}

// TestTilesCompress: a tile asked for with gzip comes compressed, smaller,
// and inflates to the plain tile. klauspost's fast levels sent this
// département tile stored (26 543 bytes in, 26 568 out).
func TestTilesCompress(t *testing.T) {
	t.Parallel()
	h, _ := demoHandler(t)
	const path = "/ogc/collections/departements/tiles/WebMercatorQuad/5/11/16"
	plain := get(t, h, path)
	gz := get(t, h, path, "Accept-Encoding", "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", gz.Header().Get("Content-Encoding"))
	}
	if gz.Body.Len() > plain.Body.Len()*9/10 {
		t.Errorf("gzip %d bytes for a %d-byte tile: stored, not compressed", gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	inflated, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(inflated, plain.Body.Bytes()) {
		t.Errorf("the gzip tile inflates to %d bytes (%v), not the plain tile's %d", len(inflated), err, plain.Body.Len())
	}
}

// TestTileAllianceCellsOnDemo: a tile with more alliances than its budget
// (lowered here to 1) draws them counted by cell, each cell's count split
// by stake, and the cells of the tile count the demo's alliances there.
func TestTileAllianceCellsOnDemo(t *testing.T) {
	t.Parallel()
	st, err := demoStore()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, st, server.Config{Analysis: analysis.Config{TileFeatureBudget: 1}})
	tile := maptile.At(orb.Point{4.8357, 45.764}, 5)
	rec := get(t, h, "/ogc/collections/alliances/tiles/WebMercatorQuad/5/"+itoa(int(tile.Y))+"/"+itoa(int(tile.X)))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	layer := decodeTile(t, rec, rec.Body.Bytes())[analysis.LayerAllianceCells]
	if layer == nil || len(layer.Features) == 0 {
		t.Fatalf("alliance_cells layer %+v", layer)
	}
	total := 0.0
	for _, f := range layer.Features {
		n, byStake := toFloat(f.Properties["count"]), 0.0
		for _, d := range geo.Domains {
			byStake += toFloat(f.Properties[string(d)])
		}
		if n < 1 || byStake != n {
			t.Errorf("cell %v: count %v, by stake %v", f.Geometry, n, byStake)
		}
		total += n
	}
	b := geo.TileBound(tile, 0)
	inTile, err := st.CountItems(context.Background(), data.CollectionAlliances, data.ItemsQuery{BBox: &b})
	if err != nil {
		t.Fatal(err)
	}
	if total < float64(inTile) || inTile == 0 {
		t.Errorf("the cells count %v alliances, the tile holds %d", total, inTile)
	}
}
