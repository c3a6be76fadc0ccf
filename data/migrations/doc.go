// Package migrations holds Maillage's PostGIS schema as numbered goose SQL
// migrations, embedded so the binary carries them. data/postgis runs them
// (postgis.Migrate); nothing else should. Each file is applied once, in
// order, inside a transaction; a change to the schema is a new file, never an
// edit of an applied one.
//
// Two facts shape the schema:
//   - An INSEE code names a territory only together with its level: every
//     région code ("84") is also a département's (Vaucluse). Territories are
//     keyed by (level, code), and every reference to a territory carries the
//     level, resolved on import by resolve_territory_level.
//   - A partnership's scale and line are derived, never typed in: triggers
//     recompute them when the partnership is written, when one of its actors
//     moves (commune, country or point) and when a commune changes EPCI or
//     région.
//
// It imports nothing from the rest of Maillage.
package migrations

import "embed"

// FS holds the migration files at its root, as goose expects them.
//
//go:embed *.sql
var FS embed.FS
