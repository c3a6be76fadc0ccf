package server

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb/maptile"
)

// OGC API – Tiles (OGC 20-057): vector tiles of every stored collection
// (/ogc/collections/{id}/tiles/…) and of several at once, the dataset's
// (/ogc/tiles/…?collections=…), in WebMercatorQuad, as Mapbox Vector
// Tiles. A tileset's metadata is also a TileJSON 3.0 document
// (f=tilejson), the URL MapLibre and QGIS take for a vector tile source.
// What a zoom shows (aggregates below analysis.RawZoom) is the analysis
// package's. A tile without a feature is 204 No Content, everywhere.

// Media types of tiles and their metadata.
const (
	mediaMVT      = "application/vnd.mapbox-vector-tile"
	fMVT          = "mvt"
	fTileJSON     = "tilejson"
	tileJSONSpec  = "3.0.0"
	paramCollects = "collections"
)

// tileParamNames lists the query parameters of a collection's tiles and
// tileset: the items filters that select features (not the paging, the
// bbox, the CRS or the sort order, which a tile fixes), the property
// selection, and f.
func tileParamNames(col data.Collection) []string {
	names := []string{paramF}
	if col.Temporal != "" {
		names = append(names, paramDatetime)
	}
	names = append(names, paramFilter, paramFilterLang, paramFilterCRS, paramProperties)
	names = append(names, touchParamNames(col)...)
	return append(names, col.Queryables...)
}

// parseTileQuery validates the query string of a collection's tile or
// tileset. f is read by the caller.
func parseTileQuery(ctx context.Context, col data.Collection, q url.Values) (data.ItemsQuery, error) {
	if _, ok := q[paramDatetime]; ok && col.Temporal == "" {
		return data.ItemsQuery{}, paramErrorf(paramDatetime, "collection %q has no temporal property to filter on", col.ID)
	}
	if err := checkParams(q, tileParamNames(col)...); err != nil {
		return data.ItemsQuery{}, err
	}
	var out data.ItemsQuery
	var err error
	if col.Temporal != "" {
		if out.During, _, err = readAnalysisDatetime(ctx, q); err != nil {
			return data.ItemsQuery{}, err
		}
	}
	if out.Equals, err = parseEquals(col, q); err != nil {
		return data.ItemsQuery{}, err
	}
	if out.Touches, err = parseTouches(col, q); err != nil {
		return data.ItemsQuery{}, err
	}
	p3, err := parsePart3(col, q)
	if err != nil {
		return data.ItemsQuery{}, err
	}
	out.Equals, out.Filter = col.FoldEquals(out.Equals, p3.Filter)
	out.Properties = p3.Properties
	if _, err := col.TileProperties(out.Properties); err != nil {
		return data.ItemsQuery{}, err
	}
	return out, nil
}

// tiledCollection returns the collection a tiles path names: a stored one
// (computed gap layers have no tiles: the viewer colours territory tiles
// with their values instead).
func tiledCollection(c echo.Context) (data.Collection, error) {
	id := c.Param(paramPathCol)
	col, ok := data.LookupCollection(id)
	if !ok {
		if _, known := lookupCollection(id); known {
			return data.Collection{}, notFoundParam(paramPathCol, "collection %q has no tiles: colour the territory tiles with its values", clip(id))
		}
		return data.Collection{}, notFoundParam(paramPathCol, "collection %q does not exist", clip(id))
	}
	return col, nil
}

// tileCoords reads {tileMatrix}/{tileRow}/{tileCol}: decimal digits (400
// naming the parameter otherwise), a zoom within [minZoom, maxZoom] and a
// row and column within its matrix (404 naming the parameter otherwise:
// there is no such tile).
func tileCoords(c echo.Context, minZoom, maxZoom int) (maptile.Tile, error) {
	var v [3]uint64
	for i, name := range []string{paramPathTileMatrix, paramPathTileRow, paramPathTileCol} {
		s := c.Param(name)
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil || strings.TrimLeft(s, "0123456789") != "" {
			return maptile.Tile{}, paramErrorf(name, "%q is not a non-negative integer", clip(s))
		}
		v[i] = n
	}
	z, row, col := v[0], v[1], v[2]
	if z < uint64(minZoom) || z > uint64(maxZoom) {
		return maptile.Tile{}, notFoundParam(paramPathTileMatrix, "%s %d is outside this tileset's tile matrices %d..%d", paramPathTileMatrix, z, minZoom, maxZoom)
	}
	n := uint64(1) << z
	if row >= n {
		return maptile.Tile{}, notFoundParam(paramPathTileRow, "%s %d is outside 0..%d in tile matrix %d", paramPathTileRow, row, n-1, z)
	}
	if col >= n {
		return maptile.Tile{}, notFoundParam(paramPathTileCol, "%s %d is outside 0..%d in tile matrix %d", paramPathTileCol, col, n-1, z)
	}
	return maptile.New(uint32(col), uint32(row), maptile.Zoom(z)), nil
}

// collectionRequest reads what a collection's tileset and tiles share: the
// collection, the tile matrix set, the query and the store query it makes.
// f is the caller's to read.
func collectionRequest(c echo.Context) (data.Collection, url.Values, data.ItemsQuery, error) {
	col, err := tiledCollection(c)
	if err != nil {
		return data.Collection{}, nil, data.ItemsQuery{}, err
	}
	if err := checkTileMatrixSet(c); err != nil {
		return data.Collection{}, nil, data.ItemsQuery{}, err
	}
	query, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return data.Collection{}, nil, data.ItemsQuery{}, err
	}
	q, err := parseTileQuery(c.Request().Context(), col, query)
	return col, query, q, err
}

// checkTileF accepts f=mvt (or no f) on a tile.
func checkTileF(q url.Values) error {
	if v, ok := single(q, paramF); ok && v != fMVT {
		return paramErrorf(paramF, "%q is not a format of tiles; use mvt", clip(v))
	}
	return nil
}

// writeTile answers a tile: its bytes, with their length (GDAL's
// /vsicurl/ sizes a file before reading it; compression drops the header
// when it applies), or 204 for the empty tile.
func writeTile(c echo.Context, b []byte) error {
	if len(b) == 0 {
		return c.NoContent(http.StatusNoContent)
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
	return c.Blob(http.StatusOK, mediaMVT, b)
}

// collectionTile answers
// GET /ogc/collections/{id}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}.
func (s *Server) collectionTile(c echo.Context) error {
	col, query, q, err := collectionRequest(c)
	if err != nil {
		return err
	}
	minZoom, maxZoom := analysis.TileZooms(col)
	t, err := tileCoords(c, minZoom, maxZoom)
	if err != nil {
		return err
	}
	if err := checkTileF(query); err != nil {
		return err
	}
	b, err := s.analyst.Tile(c.Request().Context(), col, t, q)
	if err != nil {
		return fmt.Errorf("tile of %s: %w", col.ID, err)
	}
	return writeTile(c, b)
}

// datasetCollections reads the collections parameter of the dataset's
// tiles (OGC API – Tiles, collections selection): stored collections,
// comma-separated, each once; every stored collection when absent.
func datasetCollections(q url.Values) ([]data.Collection, error) {
	v, ok := single(q, paramCollects)
	if !ok {
		return data.Catalog(), nil
	}
	var out []data.Collection
	for _, id := range strings.Split(v, ",") {
		col, found := data.LookupCollection(id)
		if !found {
			return nil, paramErrorf(paramCollects, "%q is not a collection with tiles", clip(id))
		}
		if slices.ContainsFunc(out, func(c data.Collection) bool { return c.ID == id }) {
			return nil, paramErrorf(paramCollects, "%q is listed twice", clip(id))
		}
		out = append(out, col)
	}
	return out, nil
}

// datasetRequest reads what the dataset's tileset and tiles share: the
// tile matrix set, the query (f and collections only) and the collections
// selected. f is the caller's to read.
func datasetRequest(c echo.Context) (url.Values, []data.Collection, error) {
	if err := checkTileMatrixSet(c); err != nil {
		return nil, nil, err
	}
	query, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return nil, nil, err
	}
	if err := checkParams(query, paramF, paramCollects); err != nil {
		return nil, nil, err
	}
	cols, err := datasetCollections(query)
	return query, cols, err
}

// datasetZooms is the zoom range of a dataset tileset: the union of its
// collections'.
func datasetZooms(cols []data.Collection) (minZoom, maxZoom int) {
	minZoom, maxZoom = geo.MaxTileZoom, 0
	for _, col := range cols {
		lo, hi := analysis.TileZooms(col)
		minZoom, maxZoom = min(minZoom, lo), max(maxZoom, hi)
	}
	return minZoom, maxZoom
}

// datasetTile answers GET /ogc/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}:
// one layer per selected collection whose zooms hold the tile, in the
// order asked, concatenated (a tile is a repeated field of layers), each
// the layer of the collection's own tile without a query.
func (s *Server) datasetTile(c echo.Context) error {
	query, cols, err := datasetRequest(c)
	if err != nil {
		return err
	}
	if err := checkTileF(query); err != nil {
		return err
	}
	minZoom, maxZoom := datasetZooms(cols)
	t, err := tileCoords(c, minZoom, maxZoom)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var out []byte
	for _, col := range cols {
		if lo, hi := analysis.TileZooms(col); int(t.Z) < lo || int(t.Z) > hi {
			continue
		}
		// What the collection's own tile shows without a query (today's
		// rows of a temporal collection): its query, read from none.
		q, err := parseTileQuery(ctx, col, url.Values{})
		if err != nil {
			return err
		}
		b, err := s.analyst.Tile(ctx, col, t, q)
		if err != nil {
			return fmt.Errorf("tile of %s: %w", col.ID, err)
		}
		out = append(out, b...)
	}
	return writeTile(c, out)
}

// tilesetLinkQuery is the query string a tileset's links carry on to its
// tiles: the request's own, less f.
func tilesetLinkQuery(q url.Values) string {
	q = maps.Clone(q)
	q.Del(paramF)
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// tilesetDoc is a tileset's metadata (OGC API – Tiles, tileset; the
// TileSetMetadata of OGC 17-083r4).
type tilesetDoc struct {
	Title               string          `json:"title"`
	Description         string          `json:"description,omitempty"`
	DataType            string          `json:"dataType"`
	CRS                 string          `json:"crs"`
	TileMatrixSetURI    string          `json:"tileMatrixSetURI"`
	TileMatrixSetLimits []tmsLimits     `json:"tileMatrixSetLimits"`
	Layers              []tilesetLayer  `json:"layers"`
	BoundingBox         *tilesetBox     `json:"boundingBox,omitempty"`
	Links               []templatedLink `json:"links"`
}

type tmsLimits struct {
	TileMatrix string `json:"tileMatrix"`
	MinTileRow int    `json:"minTileRow"`
	MaxTileRow int    `json:"maxTileRow"`
	MinTileCol int    `json:"minTileCol"`
	MaxTileCol int    `json:"maxTileCol"`
}

type tilesetLayer struct {
	ID                string `json:"id"`
	Title             string `json:"title,omitempty"`
	Description       string `json:"description,omitempty"`
	DataType          string `json:"dataType"`
	GeometryDimension int    `json:"geometryDimension"`
	MinTileMatrix     string `json:"minTileMatrix"`
	MaxTileMatrix     string `json:"maxTileMatrix"`
	PropertiesSchema  schema `json:"propertiesSchema"`
}

type tilesetBox struct {
	LowerLeft  [2]float64 `json:"lowerLeft"`
	UpperRight [2]float64 `json:"upperRight"`
	CRS        string     `json:"crs"`
}

// templatedLink is a link that may be a URI template (OGC API – Common's
// templated links: a tile's {tileMatrix}/{tileRow}/{tileCol}).
type templatedLink struct {
	link
	Templated bool `json:"templated,omitempty"`
}

// tilesetSource is what a tileset is made of: its collections and the
// layers each gives, with the query of a collection's tileset.
type tilesetSource struct {
	title, description string
	path               string // the tileset's path under /ogc
	cols               []data.Collection
	query              url.Values
}

// layers describes every layer of the tileset, in collection order.
func (ts tilesetSource) layers(q data.ItemsQuery) ([]analysis.TileLayer, error) {
	var out []analysis.TileLayer
	for _, col := range ts.cols {
		props, err := col.TileProperties(q.Properties)
		if err != nil {
			return nil, err
		}
		out = append(out, analysis.TileLayers(col, props)...)
	}
	return out, nil
}

// geometryDimension is 0 for points, 1 for lines, 2 for areas.
func geometryDimension(layer analysis.TileLayer) int {
	switch layer.Name {
	case analysis.LayerFlows, data.CollectionPartnerships:
		return 1
	case data.CollectionRegions, data.CollectionDepartements:
		return 2
	}
	return 0
}

// bounds is the union of the extents of the tileset's collections, nil
// when all are empty.
func (s *Server) tilesetBounds(ctx context.Context, cols []data.Collection) ([4]float64, bool, error) {
	var out [4]float64
	found := false
	for _, col := range cols {
		ext, err := s.extent(ctx, col)
		if err != nil {
			return out, false, err
		}
		if ext == nil || ext.Spatial == nil {
			continue
		}
		b := ext.Spatial.BBox[0]
		if !found {
			out, found = b, true
			continue
		}
		out = [4]float64{min(out[0], b[0]), min(out[1], b[1]), max(out[2], b[2]), max(out[3], b[3])}
	}
	return out, found, nil
}

// tileset answers a tileset's metadata as JSON, or as TileJSON with
// f=tilejson.
func (s *Server) tileset(c echo.Context, ts tilesetSource, q data.ItemsQuery, f string) error {
	layers, err := ts.layers(q)
	if err != nil {
		return err
	}
	minZoom, maxZoom := datasetZooms(ts.cols)
	bounds, hasBounds, err := s.tilesetBounds(c.Request().Context(), ts.cols)
	if err != nil {
		return err
	}
	linkQuery := tilesetLinkQuery(ts.query)
	template := s.ogcURL(c, ts.path, formatJSON) + "/{tileMatrix}/{tileRow}/{tileCol}" + linkQuery
	if f == fTileJSON {
		return s.tileJSON(c, ts, layers, minZoom, maxZoom, bounds, hasBounds,
			s.ogcURL(c, ts.path, formatJSON)+"/{z}/{y}/{x}"+linkQuery)
	}
	doc := tilesetDoc{Title: ts.title, Description: ts.description, DataType: "vector", CRS: crsWebMercator,
		TileMatrixSetURI: tmsWebMercatorQuadURI}
	for z := minZoom; z <= maxZoom; z++ {
		doc.TileMatrixSetLimits = append(doc.TileMatrixSetLimits, tmsLimits{TileMatrix: strconv.Itoa(z), MaxTileRow: 1<<z - 1, MaxTileCol: 1<<z - 1})
	}
	for _, l := range layers {
		props := schema{}
		for _, p := range l.Fields {
			ps := propertySchema(p.Type)
			ps["title"] = p.Title
			props[p.Name] = ps
		}
		doc.Layers = append(doc.Layers, tilesetLayer{ID: l.Name, Title: l.Description, DataType: "vector",
			GeometryDimension: geometryDimension(l), MinTileMatrix: strconv.Itoa(l.MinZoom), MaxTileMatrix: strconv.Itoa(l.MaxZoom),
			PropertiesSchema: schema{"type": "object", "properties": props}})
	}
	if hasBounds {
		doc.BoundingBox = &tilesetBox{LowerLeft: [2]float64{bounds[0], bounds[1]}, UpperRight: [2]float64{bounds[2], bounds[3]}, CRS: crs84}
	}
	self := s.ogcURL(c, ts.path, formatJSON)
	doc.Links = []templatedLink{
		{link: link{Href: self + linkQuery, Rel: relSelf, Type: mediaJSON, Title: ts.title}},
		{link: link{Href: withF(self+linkQuery, fTileJSON), Rel: relAlternate, Type: mediaJSON, Title: "TileJSON 3.0"}},
		{link: link{Href: s.ogcURL(c, tileMatrixSetPath(), formatJSON), Rel: relTilingScheme, Type: mediaJSON, Title: tmsWebMercatorQuad}},
		{link: link{Href: template, Rel: "item", Type: mediaMVT, Title: "Tuiles vectorielles (Mapbox Vector Tile)"}, Templated: true},
	}
	if len(ts.cols) == 1 {
		doc.Links = append(doc.Links, templatedLink{link: link{Href: s.ogcURL(c, collectionPath(ts.cols[0].ID), formatJSON),
			Rel: relGeodata, Type: mediaJSON, Title: ts.cols[0].Title}})
	}
	return writeJSON(c, mediaJSON, doc)
}

// withF adds f=value to a URL.
func withF(u, value string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + paramF + "=" + value
}

// tileJSONDoc is TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec).
type tileJSONDoc struct {
	TileJSON     string             `json:"tilejson"`
	Name         string             `json:"name"`
	Description  string             `json:"description,omitempty"`
	Attribution  string             `json:"attribution,omitempty"`
	Scheme       string             `json:"scheme"`
	Tiles        []string           `json:"tiles"`
	MinZoom      int                `json:"minzoom"`
	MaxZoom      int                `json:"maxzoom"`
	Bounds       *[4]float64        `json:"bounds,omitempty"`
	VectorLayers []tileJSONVecLayer `json:"vector_layers"`
}

type tileJSONVecLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description,omitempty"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
	Fields      map[string]string `json:"fields"`
}

// tileJSON writes a tileset as TileJSON: tiles is the {z}/{y}/{x}
// template (OGC's row-before-column order, which TileJSON's placeholders
// allow in any order).
func (s *Server) tileJSON(c echo.Context, ts tilesetSource, layers []analysis.TileLayer, minZoom, maxZoom int,
	bounds [4]float64, hasBounds bool, tiles string) error {
	doc := tileJSONDoc{TileJSON: tileJSONSpec, Name: ts.title, Description: ts.description, Scheme: "xyz",
		Tiles: []string{tiles}, MinZoom: minZoom, MaxZoom: maxZoom,
		Attribution: "Maillage — données de démonstration synthétiques ; géographie IGN, INSEE (Licence Ouverte), Natural Earth"}
	if hasBounds {
		doc.Bounds = &bounds
	}
	for _, l := range layers {
		fields := map[string]string{}
		for _, p := range l.Fields {
			switch p.Type {
			case data.TypeInteger, data.TypeNumber:
				fields[p.Name] = "Number"
			case data.TypeBoolean:
				fields[p.Name] = "Boolean"
			default:
				fields[p.Name] = "String"
			}
		}
		doc.VectorLayers = append(doc.VectorLayers, tileJSONVecLayer{ID: l.Name, Description: l.Description,
			MinZoom: l.MinZoom, MaxZoom: l.MaxZoom, Fields: fields})
	}
	return writeJSON(c, mediaJSON, doc)
}

// tilesetF reads f of a tileset: json (the default) or tilejson.
func tilesetF(q url.Values) (string, error) {
	v, ok := single(q, paramF)
	if !ok || v == fJSON {
		return fJSON, nil
	}
	if v == fTileJSON {
		return fTileJSON, nil
	}
	return "", paramErrorf(paramF, "%q is not a format of tilesets; use json or tilejson", clip(v))
}

// collectionTileset answers GET /ogc/collections/{id}/tiles/{tileMatrixSetId}.
// Its query selects features as on the tiles, and its links carry it on.
func (s *Server) collectionTileset(c echo.Context) error {
	col, query, q, err := collectionRequest(c)
	if err != nil {
		return err
	}
	f, err := tilesetF(query)
	if err != nil {
		return err
	}
	return s.tileset(c, tilesetSource{title: col.Title, description: col.Description,
		path: collectionPath(col.ID) + "/tiles/" + tmsWebMercatorQuad, cols: []data.Collection{col}, query: query}, q, f)
}

// datasetTileset answers GET /ogc/tiles/{tileMatrixSetId}: the layers of
// the collections selected (all by default).
func (s *Server) datasetTileset(c echo.Context) error {
	query, cols, err := datasetRequest(c)
	if err != nil {
		return err
	}
	f, err := tilesetF(query)
	if err != nil {
		return err
	}
	return s.tileset(c, tilesetSource{title: serviceTitle, description: "Toutes les couches choisies (collections=…) dans une même tuile",
		path: routeTilesets + "/" + tmsWebMercatorQuad, cols: cols, query: query}, data.ItemsQuery{}, f)
}

// tilesetRef is an entry of a tilesets list.
type tilesetRef struct {
	Title            string `json:"title"`
	DataType         string `json:"dataType"`
	CRS              string `json:"crs"`
	TileMatrixSetURI string `json:"tileMatrixSetURI"`
	Links            []link `json:"links"`
}

// tilesets writes the list of a resource's tilesets: one, in
// WebMercatorQuad.
func (s *Server) tilesets(c echo.Context, title, path string) error {
	if err := checkJSONOnly(c); err != nil {
		return err
	}
	tileset := s.ogcURL(c, path+"/"+tmsWebMercatorQuad, formatJSON)
	return writeJSON(c, mediaJSON, map[string]any{
		"tilesets": []tilesetRef{{Title: title, DataType: "vector", CRS: crsWebMercator, TileMatrixSetURI: tmsWebMercatorQuadURI,
			Links: []link{
				{Href: tileset, Rel: relSelf, Type: mediaJSON, Title: title},
				{Href: s.ogcURL(c, tileMatrixSetPath(), formatJSON), Rel: relTilingScheme, Type: mediaJSON, Title: tmsWebMercatorQuad},
			}}},
		"links": []link{{Href: s.ogcURL(c, path, formatJSON), Rel: relSelf, Type: mediaJSON, Title: "Jeux de tuiles"}},
	})
}

// collectionTilesets answers GET /ogc/collections/{id}/tiles.
func (s *Server) collectionTilesets(c echo.Context) error {
	col, err := tiledCollection(c)
	if err != nil {
		return err
	}
	return s.tilesets(c, col.Title, collectionPath(col.ID)+"/tiles")
}

// datasetTilesets answers GET /ogc/tiles.
func (s *Server) datasetTilesets(c echo.Context) error {
	return s.tilesets(c, serviceTitle, routeTilesets)
}
