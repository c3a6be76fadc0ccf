// Package data is Maillage's storage seam: the store interfaces the layers
// above read through (Features for the stored collections, AnalysisInputs
// for what the analyses are built from), and those that change data
// (Importer for files, Writer for one feature at a time with its history,
// Tokens for the bearer tokens of the HTTP writes), the catalogue of
// collections both stores keep, and the errors they share.
// Implementations live in data/postgis (PostGIS, read-write) and
// data/memory (the embedded default, read-only: it implements Store and
// none of Importer, Writer, Tokens); data/storetest holds the contract
// suite both must pass.
//
// data stores and aggregates rows; it never ranks, scores or portrays:
// that is the analysis package's job, and data imports neither it nor
// server or cmd — only geo.
package data
