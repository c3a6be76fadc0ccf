// Package dataset reads and writes Maillage's file formats: the import
// formats of `maillage import` and the demo bundle, which is a directory of
// the same files, each optionally gzip-compressed (a ".gz" suffix).
//
// Readers validate every row and report all bad rows with their line numbers
// (*data.ImportError; CSV lines count the header as line 1, GeoJSON lines
// are a feature's index + 1). They resolve references to rows of other
// files through a Resolver, which the in-memory path implements with an
// Index and the PostGIS importer fills from its tables. Writers are
// deterministic so that regenerating the demo gives identical bytes.
//
// Files (UTF-8, comma-separated, RFC 4180 quoting, header required, columns
// in any order; a column marked ? may be left out of the header):
//
//	territories.geojson   FeatureCollection, id = code; properties code, name, level,
//	                      region, departement, epci, population, approximate,
//	                      density_class, qpv_share, rural_revitalisation, natural_park;
//	                      (Multi)Polygon, or Point for an EPCI or commune
//	indicators.csv        id, label, theme, unit, source, year, finest_level,
//	                      higher_is_worse, aggregation, scale?, synthetic?, domains?
//	indicator_values.csv  indicator, territory, year, value, numerator?, denominator?
//	                      (or indicator_values.bin: values_bin.go)
//	actors.csv            id, name, kind, siren?, rna?, commune?, country?, lon?, lat?,
//	                      precision?, employees?, employer?, insertion?, sector?,
//	                      reach?, domains?   (or actors.geojson: Point features)
//	partnerships.csv      id, actor_a, actor_b, category, domain, start, end?
//	alliances.csv         id, name, territory, stake, start_year?, illustrative?,
//	                      territory_level?
//	alliance_members.csv  alliance, actor, role
//
// Lists (domains) are separated by ";"; booleans are true/false (or 1/0,
// empty = false); dates are YYYY-MM-DD; absent values are empty cells, or
// null in GeoJSON. A territory is named by level and code (région 84 and
// département 84 both exist); where a file gives a bare code, ResolveCode
// says which territory it means. Partnership scales and territories'
// alliance history are never read: Derive computes them.
//
// The package imports geo and data (for the import vocabulary and errors);
// it must not import data/memory, data/postgis, server or cmd.
package dataset
