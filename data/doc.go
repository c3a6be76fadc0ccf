// Package data is Maillage's storage seam: the Store interface the server
// talks to, the catalogue of collections both stores serve, and the errors
// they share. Implementations live in data/postgis (PostGIS, read-write) and
// data/memory (the embedded default, read-only); data/storetest holds the
// contract suite both must pass. It imports geo and nothing from server or cmd.
package data
