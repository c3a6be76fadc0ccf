// Package postgis is the PostgreSQL + PostGIS implementation of data.Store:
// the read-write store Maillage uses when MAILLAGE_DATABASE_URL is set.
//
// PostgreSQL does the spatial work where the data lives: GiST index
// filtering, joins, vector tiles (ST_AsMVT, tiles.go), and each feature's
// GeoJSON text, which Items streams row by row without decoding it in Go (decoding and re-encoding features costs
// a Go server several times PostgreSQL's own work). Fixed statements are
// .sql files under sql/, loaded with go:embed; feature queries come from one
// builder per family (features_sql.go) returning (sql, args), with every
// request value a $n argument. The schema lives in data/migrations and is
// applied by Migrate. Large writes into empty tables take the bulk path
// (bulk.go); the data version is read through one shared read at a time
// (version.go). Reads may go to hot-standby replicas, one database per
// request, chosen when its version is read (replicas.go); writes go to the
// primary. Summaries the triggers keep (migrations 00009–00018) spare the
// analyses from grouping a national table per request.
//
// The package imports data, data/dataset, data/migrations and geo; never
// analysis, server or cmd.
package postgis
