package server

// Media types written by the server.
const (
	mediaGeoJSON = "application/geo+json"
	mediaJSON    = "application/json"
	mediaProblem = "application/problem+json"
)

// Paths and route patterns. Every route is registered in routes.go.
const (
	pathHealthz  = "/healthz"
	pathReadyz   = "/readyz"
	pathMetrics  = "/metrics"
	pathOGC      = "/ogc"
	routeItems   = "/collections/:collectionId/items"
	routeItem    = "/collections/:collectionId/items/:featureId"
	paramPathCol = "collectionId"
	paramPathFID = "featureId"
)

// Query parameter names, as OGC API – Features Part 1 spells them.
const (
	paramBBox   = "bbox"
	paramLimit  = "limit"
	paramOffset = "offset"
)

// Paging bounds for /items. A limit above maxLimit is lowered to it rather
// than refused, as OGC API – Features requires (/req/core/fc-limit-response-1).
const (
	defaultLimit = 100
	maxLimit     = 10000
)

// Link relations.
const (
	relSelf = "self"
	relNext = "next"
)

// crs84 is the only CRS the items endpoints accept and answer in for now;
// EPSG:2154 comes with the crs parameter.
const crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// Problem types (RFC 9457 "type" members). They are URNs rather than URLs so
// that no client is sent to a page that does not exist; they never change
// once published.
const (
	problemInvalidParameter = "urn:maillage:problem:invalid-parameter"
	problemNotFound         = "urn:maillage:problem:not-found"
	problemTimeout          = "urn:maillage:problem:timeout"
	problemUnavailable      = "urn:maillage:problem:unavailable"
	problemInternal         = "urn:maillage:problem:internal"
	problemHTTP             = "about:blank" // plain HTTP errors: 405, 413 …
)
