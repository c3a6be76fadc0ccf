// Package server is Maillage's HTTP face: an Echo application serving the
// OGC API – Features and OGC API – Tiles endpoints under /ogc, the
// analyses under /api, the viewer, the health and readiness probes and
// Prometheus metrics.
//
// It reads stored features through data.Store and everything computed
// from the rows (gap rankings, portraits, suggestions, the gap collections,
// counts) through analysis.Analyst, which keeps them per data version; it
// routes the gap collections to the analysis layer itself (catalog.go), so
// no store knows of them. Every data answer carries an ETag derived from
// the data version (an item's, from the feature: item_etag.go) and is
// revalidated or served from the response cache by conditional.go and
// response_cache.go. The writes (writes.go, auth.go, history.go) go to a
// store that is also a data.Writer and data.Tokens (PostGIS); the
// embedded one has neither and they answer 405. It takes its settings as a Config
// value, so a Server holds no package-level state and any number of
// them can run side by side (every test does). Handlers are methods on
// *Server that return errors; one HTTPErrorHandler (errors.go) turns them
// into RFC 9457 problem documents. Query strings are validated in params.go
// and filters.go and never travel below this package as text.
//
// Each OGC resource has its file (landing.go, conformance.go, api.go,
// collections.go, items.go; tile_matrix_sets.go and tiles.go for the
// vector tiles, whose content per zoom is the analysis layer's) and answers
// JSON or HTML as negotiate.go decides; the HTML pages are html/template files embedded from
// templates/. The OpenAPI document (openapi.go) is generated from
// catalog() and the handlers' own parameter lists, so it cannot
// declare a parameter the server refuses or miss one it accepts.
//
// It imports analysis, data and geo, never cmd, and reads no environment
// variables.
package server
