// Package geo holds Maillage's pure domain: territories, actors, partnerships,
// alliances and indicators, the partner-scale rule and the observatory
// statistics, the territory search's folding and ranking (search.go), the grid actors are
// clustered in on a zoomed-out map (cluster.go), and
// the coordinate reference systems the server answers in,
// with their projections from CRS84 (crs.go, projection*.go). It does no I/O,
// logging or SQL and imports nothing from the rest of the project, so every
// rule here can be tested with plain values and reused by both stores.
package geo
