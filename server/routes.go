package server

import (
	"github.com/labstack/echo/v4"
)

// routes builds the Echo application: the middleware chain and every route
// the server answers. A route not listed here does not exist.
func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	// Log the peer's address, not a header any client can forge; a trusted
	// proxy setup would configure this explicitly.
	e.IPExtractor = echo.ExtractIPDirect()

	// Outermost first. observe must wrap recoverPanic so that a panic is
	// logged and answered like any other error; gzip sits innermost so that
	// problem documents, written after it has let go of the response, are
	// never compressed half-way.
	e.Use(s.requestID, s.observe, s.recoverPanic, s.secureHeaders, s.cors(), s.rateLimit(), s.limitInFlight, s.deadline,
		s.bodyLimit, s.conditional, s.admit, s.compress())

	// Every resource answers HEAD as GET, without the body (net/http
	// drops it): RFC 9110 asks it of every server, and GDAL's /vsicurl/
	// asks a file's size by HEAD before it reads a tile.
	get := func(g interface {
		GET(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
		HEAD(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route
	}, path string, h echo.HandlerFunc) {
		g.GET(path, h)
		g.HEAD(path, h)
	}

	get(e, pathHealthz, s.healthz)
	get(e, pathReadyz, s.readyz)
	get(e, pathMetrics, echo.WrapHandler(s.metrics.handler()))
	get(e, pathFlows, s.flows)
	get(e, pathActorClusters, s.actorClusters)
	get(e, pathStats, s.stats)
	get(e, pathGaps, s.gaps)
	get(e, pathMatches, s.matches)
	get(e, pathTerritorySearch, s.territorySearch)
	get(e, pathVocabulary, s.vocabulary)
	get(e, pathHistory, s.history)
	e.POST(pathImports, s.imports)
	get(e, routePortraitJSON, s.portraitJSON)
	get(e, routePortraitHTML, s.portraitHTML)
	get(e, routeTimelineJSON, s.timeline)
	get(e, routeSimilar, s.similar)
	get(e, routeDuplicable, s.duplicable)
	get(e, routePartners, s.partners)
	get(e, routeIndicators, s.indicators)
	get(e, routeIndicatorValues, s.indicatorValues)
	get(e, routeIndicatorBreaks, s.indicatorBreaks)

	// The viewer: assets, not API (see assetRoutes).
	get(e, pathViewer, s.viewer)
	get(e, routeStatic, s.staticFile)
	get(e, routeVendor, s.vendorFile)

	ogc := e.Group(pathOGC)
	get(ogc, routeLanding, s.landing)
	get(ogc, routeLandingAlt, s.landing)
	get(ogc, routeConform, s.conformance)
	get(ogc, routeAPI, s.api)
	get(ogc, routeCols, s.collections)
	get(ogc, routeCol, s.collection)
	get(ogc, routeItems, s.items)
	get(ogc, routeQueryables, s.queryables)
	get(ogc, routeItem, s.item)
	get(ogc, routeItemHistory, s.itemHistory)
	ogc.POST(routeItems, s.createItem)
	ogc.PUT(routeItem, s.replaceItem)
	ogc.PATCH(routeItem, s.updateItem)
	ogc.DELETE(routeItem, s.deleteItem)
	get(ogc, routeTileMatrixSets, s.tileMatrixSets)
	get(ogc, routeTileMatrixSet, s.tileMatrixSet)
	get(ogc, routeColTilesets, s.collectionTilesets)
	get(ogc, routeColTileset, s.collectionTileset)
	get(ogc, routeColTile, s.collectionTile)
	get(ogc, routeTilesets, s.datasetTilesets)
	get(ogc, routeTileset, s.datasetTileset)
	get(ogc, routeTile, s.datasetTile)
	return e
}
