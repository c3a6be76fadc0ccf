// Package memory is Maillage's embedded default data.Store: it serves a
// dataset.Dataset from memory, read-only, for the demo and for small
// deployments without PostgreSQL. Everything is computed once in New (derived
// fields, an R-tree per collection, each feature's GeoJSON text, the sorted
// positions of each queryable value, the extent), so queries only search the
// indexes and copy bytes; a Store is safe for concurrent use. The communes
// and EPCI are the exception: their texts, mostly contour coordinates, are
// written when read (collection.render), which keeps the demo's start under
// a second and 150 MB.
//
// It must answer exactly as data/postgis does (the data/storetest suite runs
// against both): bbox filtering follows ST_Intersects, with boundaries
// counting; features come in id order, integer ids numerically and codes
// bytewise, which the keyset cursor follows; filters compare the values the
// features show; absent optional values are JSON null and match no filter.
// CQL2 filters are compiled to Go predicates with SQL's three-valued logic
// (cql_eval.go); S_INTERSECTS is decided exactly (cql_intersects.go), the
// other spatial predicates by simplefeatures' DE-9IM relate (cql_relate.go);
// a sorted query finds every match, then sorts (sortby.go).
//
// It imports data, data/dataset and geo; never data/postgis, server or cmd.
package memory
