// Package server is Maillage's HTTP face: an Echo application serving the
// OGC API – Features endpoints under /ogc, the health and readiness probes and
// Prometheus metrics.
//
// It talks to storage only through data.Store and takes its settings as a
// Config value, so a Server holds no package-level state and any number of
// them can run side by side (every test does). Handlers are methods on
// *Server that return errors; one HTTPErrorHandler (errors.go) turns them
// into RFC 9457 problem documents. Query strings are validated in params.go
// and filters.go and never travel below this package as text.
//
// Each OGC resource has its file (landing.go, conformance.go, api.go,
// collections.go, items.go) and answers JSON or HTML as negotiate.go
// decides; the HTML pages are html/template files embedded from
// templates/. The OpenAPI document (openapi.go) is generated from
// catalog() and the handlers' own parameter lists, so it cannot
// declare a parameter the server refuses or miss one it accepts.
//
// It imports data and geo, never cmd, and reads no environment variables.
package server
