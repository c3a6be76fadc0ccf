// Package geo holds Maillage's pure domain: territories, actors, partnerships,
// alliances and indicators, the partner-scale rule and the observatory
// statistics. It does no I/O, logging or SQL and imports nothing from the rest
// of the project, so every rule here can be tested with plain values and reused
// by both stores.
package geo
