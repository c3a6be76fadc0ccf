package postgis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/maillage/maillage/data/migrations"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// ErrPostGISMissing is wrapped by Migrate when the database cannot create the
// postgis extension.
var ErrPostGISMissing = errors.New("postgis: the PostGIS extension is not available in this database")

// Migrate brings the database at url to the latest schema of
// data/migrations. It is idempotent: applied migrations are skipped, so
// running it twice changes nothing. A session advisory lock makes concurrent
// runs (several replicas starting at once) wait for each other.
func Migrate(ctx context.Context, url string) error {
	connCfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("postgis: parse database URL: %w", err)
	}
	db := stdlib.OpenDB(*connCfg)
	defer db.Close()
	return migrate(ctx, db)
}

func migrate(ctx context.Context, db *sql.DB) error {
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 600))
	if err != nil {
		return fmt.Errorf("postgis: migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS,
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)))
	if err != nil {
		return fmt.Errorf("postgis: migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("postgis: migrate: %w", ctxErr)
		}
		if hint, missing := postgisMissing(err); missing {
			return fmt.Errorf("%w: %v\n%s", ErrPostGISMissing, err, hint)
		}
		return fmt.Errorf("postgis: migrate: %w", err)
	}
	return nil
}

// postgisMissing reports whether a migration failed because the postgis
// extension cannot be created, and what to do about it: its files are not
// installed on the server (58P01 up to PostgreSQL 15, 0A000 from 16), or the
// role may not create it (42501: postgis is not a trusted extension).
func postgisMissing(err error) (hint string, missing bool) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || !strings.Contains(strings.ToLower(pgErr.Message), "extension") {
		return "", false
	}
	switch pgErr.Code {
	case codeUndefinedFile, codeFeatureNotSupported:
		return "PostGIS is not installed on the database server: install it (Debian/Ubuntu: " +
			"apt-get install postgresql-15-postgis-3, with the server's major version in place of 15), " +
			"then run the migration again.", true
	case codeInsufficientRights:
		return "This role may not create the postgis extension: have a superuser run " +
			"CREATE EXTENSION postgis; in this database (or migrate as a superuser), then run the " +
			"migration again. If PostGIS is not installed on the server, install it first (Debian/Ubuntu: " +
			"apt-get install postgresql-15-postgis-3).", true
	}
	return "", false
}
