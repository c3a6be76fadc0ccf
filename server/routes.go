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

	e.GET(pathHealthz, s.healthz)
	e.GET(pathReadyz, s.readyz)
	e.GET(pathMetrics, echo.WrapHandler(s.metrics.handler()))
	e.GET(pathFlows, s.flows)
	e.GET(pathActorClusters, s.actorClusters)
	e.GET(pathStats, s.stats)
	e.GET(pathGaps, s.gaps)
	e.GET(pathMatches, s.matches)
	e.GET(pathTerritorySearch, s.territorySearch)
	e.GET(pathVocabulary, s.vocabulary)
	e.GET(routePortraitJSON, s.portraitJSON)
	e.GET(routePortraitHTML, s.portraitHTML)
	e.GET(routeIndicators, s.indicators)
	e.GET(routeIndicatorValues, s.indicatorValues)
	e.GET(routeIndicatorBreaks, s.indicatorBreaks)

	// The viewer: assets, not API (see assetRoutes).
	e.GET(pathViewer, s.viewer)
	e.GET(routeStatic, s.staticFile)
	e.GET(routeVendor, s.vendorFile)

	ogc := e.Group(pathOGC)
	ogc.GET(routeLanding, s.landing)
	ogc.GET(routeLandingAlt, s.landing)
	ogc.GET(routeConform, s.conformance)
	ogc.GET(routeAPI, s.api)
	ogc.GET(routeCols, s.collections)
	ogc.GET(routeCol, s.collection)
	ogc.GET(routeItems, s.items)
	ogc.GET(routeQueryables, s.queryables)
	ogc.GET(routeItem, s.item)
	return e
}
