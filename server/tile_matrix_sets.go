package server

import (
	"math"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/geo"
)

// The one tile matrix set served: WebMercatorQuad, as OGC 17-083r4 (Two
// Dimensional Tile Matrix Set, 2.0) defines it in its annex; every web map
// and QGIS's XYZ layers use it.
const (
	tmsWebMercatorQuad    = "WebMercatorQuad"
	tmsWebMercatorQuadURI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
	crsWebMercator        = "http://www.opengis.net/def/crs/EPSG/0/3857"
	// relTilingScheme links a tileset to its tile matrix set.
	relTilingScheme  = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
	relTilesetsVec   = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
	relTilingSchemes = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"
	relGeodata       = "http://www.opengis.net/def/rel/ogc/1.0/geodata"
)

// tileMatrixSetDoc is a tile matrix set in the JSON encoding of OGC
// 17-083r4.
type tileMatrixSetDoc struct {
	ID                string       `json:"id"`
	Title             string       `json:"title"`
	URI               string       `json:"uri"`
	CRS               string       `json:"crs"`
	OrderedAxes       []string     `json:"orderedAxes"`
	WellKnownScaleSet string       `json:"wellKnownScaleSet"`
	TileMatrices      []tileMatrix `json:"tileMatrices"`
	Links             []link       `json:"links,omitempty"`
}

type tileMatrix struct {
	ID               string     `json:"id"`
	ScaleDenominator float64    `json:"scaleDenominator"`
	CellSize         float64    `json:"cellSize"`
	CornerOfOrigin   string     `json:"cornerOfOrigin"`
	PointOfOrigin    [2]float64 `json:"pointOfOrigin"`
	TileWidth        int        `json:"tileWidth"`
	TileHeight       int        `json:"tileHeight"`
	MatrixWidth      int        `json:"matrixWidth"`
	MatrixHeight     int        `json:"matrixHeight"`
}

// webMercatorQuad is the definition of WebMercatorQuad down to
// geo.MaxTileZoom: 256-pixel tiles, 2^z of them a side, from the top left
// corner of the square of side 2πR; the scale denominator is the cell
// size over the standard 0.28 mm pixel.
func webMercatorQuad() tileMatrixSetDoc {
	half := math.Pi * 6378137.0
	doc := tileMatrixSetDoc{ID: tmsWebMercatorQuad, Title: "Google Maps Compatible for the World", URI: tmsWebMercatorQuadURI,
		CRS: crsWebMercator, OrderedAxes: []string{"X", "Y"},
		WellKnownScaleSet: "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible"}
	for z := 0; z <= geo.MaxTileZoom; z++ {
		n := 1 << z
		cell := 2 * half / 256 / float64(n)
		doc.TileMatrices = append(doc.TileMatrices, tileMatrix{ID: strconv.Itoa(z), ScaleDenominator: cell / 0.00028, CellSize: cell,
			CornerOfOrigin: "topLeft", PointOfOrigin: [2]float64{-half, half}, TileWidth: 256, TileHeight: 256,
			MatrixWidth: n, MatrixHeight: n})
	}
	return doc
}

// tileMatrixSetRef is an entry of the list of tile matrix sets.
type tileMatrixSetRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URI   string `json:"uri"`
	Links []link `json:"links"`
}

// tileMatrixSets answers GET /ogc/tileMatrixSets.
func (s *Server) tileMatrixSets(c echo.Context) error {
	if err := checkJSONOnly(c); err != nil {
		return err
	}
	tms := webMercatorQuad()
	return writeJSON(c, mediaJSON, map[string]any{
		"tileMatrixSets": []tileMatrixSetRef{{ID: tms.ID, Title: tms.Title, URI: tms.URI, Links: []link{
			{Href: s.ogcURL(c, tileMatrixSetPath(), formatJSON), Rel: relSelf, Type: mediaJSON, Title: tms.Title}}}},
		"links": []link{{Href: s.ogcURL(c, routeTileMatrixSets, formatJSON), Rel: relSelf, Type: mediaJSON, Title: "Grilles de tuilage"}},
	})
}

// tileMatrixSet answers GET /ogc/tileMatrixSets/{tileMatrixSetId}.
func (s *Server) tileMatrixSet(c echo.Context) error {
	if err := checkTileMatrixSet(c); err != nil {
		return err
	}
	if err := checkJSONOnly(c); err != nil {
		return err
	}
	doc := webMercatorQuad()
	doc.Links = []link{{Href: s.ogcURL(c, tileMatrixSetPath(), formatJSON), Rel: relSelf, Type: mediaJSON, Title: doc.Title}}
	return writeJSON(c, mediaJSON, doc)
}

// tileMatrixSetPath is the path of WebMercatorQuad's definition under /ogc.
func tileMatrixSetPath() string { return routeTileMatrixSets + "/" + tmsWebMercatorQuad }

// checkTileMatrixSet refuses a tile matrix set other than WebMercatorQuad:
// 404 naming the path parameter.
func checkTileMatrixSet(c echo.Context) error {
	if id := c.Param(paramPathTMS); id != tmsWebMercatorQuad {
		return notFoundParam(paramPathTMS, "%s %q is not a tile matrix set of this server (only %s)", paramPathTMS, clip(id), tmsWebMercatorQuad)
	}
	return nil
}

// checkJSONOnly validates the query string of a JSON-only resource: f may
// only be json.
func checkJSONOnly(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	return jsonOnly(q, "this resource is served as JSON only")
}

// jsonOnly refuses any parameter but f, and f other than json, saying why.
func jsonOnly(q url.Values, why string) error {
	if err := checkParams(q, paramF); err != nil {
		return err
	}
	if v, ok := single(q, paramF); ok && v != fJSON {
		return paramErrorf(paramF, "%q: %s; use f=json or leave f out", clip(v), why)
	}
	return nil
}
