package postgis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/maillage/maillage/data"
)

// SQLSTATE codes the store treats specially.
const (
	codeQueryCanceled       = "57014" // statement_timeout, or a cancel request
	codeUndefinedFile       = "58P01" // PG ≤ 15: extension control file missing
	codeFeatureNotSupported = "0A000" // PG ≥ 16: extension "postgis" is not available
	codeInsufficientRights  = "42501"
)

// translate turns a pgx error into what data.Store callers test for: the
// context's own error when the caller gave up (client gone or deadline),
// context.DeadlineExceeded when PostgreSQL's statement_timeout stopped the
// query, and data.ErrUnavailable when the database could not be reached or
// went away (unavailable). Anything else is returned as is for the caller
// to wrap.
func translate(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == codeQueryCanceled {
		return fmt.Errorf("%s: %w", pgErr.Message, context.DeadlineExceeded)
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", data.ErrUnavailable, err)
	}
	return err
}

// unavailable reports whether err says the database could not be reached
// or went away, rather than that a statement failed: no connection could
// be made, the connection broke, or the server is shutting down, starting
// up or in recovery (SQLSTATE classes 08 and 57P0x).
func unavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || // connection exception
			pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03" // admin or crash shutdown, cannot connect now
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
