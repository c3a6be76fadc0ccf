package server

// Media types written by the server.
const (
	mediaGeoJSON = "application/geo+json"
	mediaJSON    = "application/json"
	mediaHTML    = "text/html"
	mediaProblem = "application/problem+json"
	// mediaOpenAPI is the OpenAPI 3.0 document's type, as GDAL and QGIS look
	// for it on the service-desc link (GDAL compares it exactly).
	mediaOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
	// mediaOpenAPIAlt is the older spelling some clients still ask for.
	mediaOpenAPIAlt = "application/openapi+json;version=3.0"
)

// Paths and route patterns. Every route is registered in routes.go; the
// OpenAPI document (openapi.go) spells the /ogc ones in its own syntax,
// relative to pathOGC, and a test checks that both lists agree.
const (
	pathHealthz     = "/healthz"
	pathReadyz      = "/readyz"
	pathMetrics     = "/metrics"
	pathOGC         = "/ogc"
	routeLanding    = ""
	routeLandingAlt = "/"
	routeConform    = "/conformance"
	routeAPI        = "/api"
	routeCols       = "/collections"
	routeCol        = "/collections/:collectionId"
	routeItems      = "/collections/:collectionId/items"
	routeItem       = "/collections/:collectionId/items/:featureId"
	paramPathCol    = "collectionId"
	paramPathFID    = "featureId"
	// OGC API – Tiles (tiles.go, tile_matrix_sets.go).
	routeTileMatrixSets = "/tileMatrixSets"
	routeTileMatrixSet  = "/tileMatrixSets/:tileMatrixSetId"
	routeColTilesets    = "/collections/:collectionId/tiles"
	routeColTileset     = "/collections/:collectionId/tiles/:tileMatrixSetId"
	routeColTile        = "/collections/:collectionId/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol"
	routeTilesets       = "/tiles"
	routeTileset        = "/tiles/:tileMatrixSetId"
	routeTile           = "/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol"
	paramPathTMS        = "tileMatrixSetId"
	paramPathTileMatrix = "tileMatrix"
	paramPathTileRow    = "tileRow"
	paramPathTileCol    = "tileCol"
	// pathViewer is the map viewer's page; the HTML items page links to it
	// with ?collection=….
	pathViewer       = "/"
	paramViewerLayer = "collection"
)

// Query parameter names, as OGC API – Features Part 1 spells them, plus
// cursor (ours: the keyset paging token of next links) and f (the
// representation, overriding Accept).
const (
	paramBBox     = "bbox"
	paramLimit    = "limit"
	paramOffset   = "offset"
	paramCursor   = "cursor"
	paramDatetime = "datetime"
	paramF        = "f"
)

// Values of the f parameter. On resources that are not features "geojson"
// is taken as "json", so that f works the same on every resource.
const (
	fJSON    = "json"
	fGeoJSON = "geojson"
	fHTML    = "html"
)

// Paging bounds for /items. A limit above maxLimit is lowered to it rather
// than refused, as OGC API – Features requires (/req/core/fc-limit-response-1).
const (
	defaultLimit = 100
	maxLimit     = 10000
)

// Link relations. relDataURI is the OGC form of "data"; QGIS only knows the
// short one, so the landing page carries both.
const (
	relSelf        = "self"
	relAlternate   = "alternate"
	relNext        = "next"
	relPrev        = "prev"
	relCollection  = "collection"
	relItems       = "items"
	relServiceDesc = "service-desc"
	relServiceDoc  = "service-doc"
	relConformance = "conformance"
	relData        = "data"
	relDataURI     = "http://www.opengis.net/def/rel/ogc/1.0/data"
	relConfURI     = "http://www.opengis.net/def/rel/ogc/1.0/conformance"
)

// crs84 is the CRS of collection extents, which stay in CRS84 whatever the
// crs parameter (Part 2's CRSs and parameters are in crs.go).
// trsGregorian is the temporal reference system of collection extents.
const (
	crs84        = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	trsGregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
)

// headerContentCrs tells clients the CRS of the coordinates in a response
// (OGC API – Features Part 2); its value is the CRS URI in angle brackets.
const headerContentCrs = "Content-Crs"

// Conformance classes the server implements: only those whose requirements
// hold today. Part 2's (crs) is confCRS, in crs.go.
const (
	confCore    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
	confGeoJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
	confHTML    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html"
	confOAS30   = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"
)

// OGC API – Tiles 1.0 conformance classes (tiles.go).
const (
	confTilesCore       = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core"
	confTileset         = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset"
	confTilesetsList    = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list"
	confGeodataTilesets = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets"
	confDatasetTilesets = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets"
	confCollectionsSel  = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/collections-selection"
	confTilesMVT        = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt"
	confTilesOAS30      = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30"

	// OGC API – Features – Part 4 (writes), claimed by a writable store.
	confWriteFeatures = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features"
	confCreateReplace = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete"
	confUpdate        = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update"
	confETags         = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags"
)

// Problem types (RFC 9457 "type" members). They are URNs rather than URLs so
// that no client is sent to a page that does not exist; they never change
// once published.
const (
	problemInvalidParameter = "urn:maillage:problem:invalid-parameter"
	problemNotFound         = "urn:maillage:problem:not-found"
	problemTimeout          = "urn:maillage:problem:timeout"
	problemUnavailable      = "urn:maillage:problem:unavailable"
	problemRateLimited      = "urn:maillage:problem:rate-limited"
	problemOverloaded       = "urn:maillage:problem:overloaded"
	problemInternal         = "urn:maillage:problem:internal"
	problemHTTP             = "about:blank" // plain HTTP errors: 405, 413 …
)
