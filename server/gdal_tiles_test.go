package server_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// gdalMVTID reads the feature ids ogrinfo prints for an MVT layer.
var gdalMVTID = regexp.MustCompile(`(?m)^\s+mvt_id \(Integer64\) = (\d+)$`)

// testGDALActorsTile: GDAL's MVT driver reads an actors tile of zoom 14
// of Lyon straight from the server (/vsicurl/, which sizes the file
// first) and finds the actors the items endpoint gives for the tile's
// box: the driver clips to the tile, leaving the buffer out.
func testGDALActorsTile(t *testing.T, g gdalCase) {
	// The demo places Lyon's actors around a generated point: take the tile
	// of its first actor.
	var first struct {
		Geometry struct{ Coordinates [2]float64 }
	}
	err := g.store.Items(t.Context(), data.CollectionActors, data.ItemsQuery{Limit: 1,
		Equals: []data.PropertyFilter{{Name: "commune", Value: "69123"}}}, func(f []byte) error { return json.Unmarshal(f, &first) })
	if err != nil {
		t.Fatal(err)
	}
	tile := maptile.At(orb.Point(first.Geometry.Coordinates), 14)
	b := tile.Bound()
	want := gdalStoreIDs(t, g.store, data.CollectionActors, data.ItemsQuery{BBox: &b})
	if len(want) < 10 {
		t.Fatalf("the tile's box holds %d actors: the case would prove little", len(want))
	}
	// A query string keeps the driver from taking the URL for a directory
	// of tiles.
	url := fmt.Sprintf("%s/collections/actors/tiles/WebMercatorQuad/%d/%d/%d?f=mvt", g.srv.root, tile.Z, tile.Y, tile.X)
	res := g.ogrinfo(nil, "-ro", "-al", "-q", "-oo", fmt.Sprintf("Z=%d", tile.Z), "-oo", fmt.Sprintf("X=%d", tile.X),
		"-oo", fmt.Sprintf("Y=%d", tile.Y), "MVT:/vsicurl/"+url)
	var got []string
	for _, m := range gdalMVTID.FindAllStringSubmatch(res.stdout, -1) {
		got = append(got, m[1])
	}
	byNumber := func(a, b string) int {
		x, _ := strconv.ParseInt(a, 10, 64)
		y, _ := strconv.ParseInt(b, 10, 64)
		return int(x - y)
	}
	slices.SortFunc(got, byNumber)
	slices.SortFunc(want, byNumber)
	if !slices.Equal(got, want) {
		t.Errorf("ogrinfo read %d actors from the tile, the items of its box are %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
}
