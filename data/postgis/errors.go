package postgis

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// SQLSTATE codes the store treats specially.
const (
	codeQueryCanceled       = "57014" // statement_timeout, or a cancel request
	codeUndefinedFile       = "58P01" // PG ≤ 15: extension control file missing
	codeFeatureNotSupported = "0A000" // PG ≥ 16: extension "postgis" is not available
	codeInsufficientRights  = "42501"
)

// translate turns a pgx error into what data.Store callers test for: the
// context's own error when the caller gave up (client gone or deadline), and
// context.DeadlineExceeded when PostgreSQL's statement_timeout stopped the
// query. Anything else is returned as is for the caller to wrap.
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
	return err
}
