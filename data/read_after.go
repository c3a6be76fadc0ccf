package data

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// A writer reads its own write. With replicas, a request reads from one
// of them (BackendReporter), which may not yet have replayed a write just
// committed on the primary. So a store with replicas hands back, with each
// write (WrittenFeature.ReadAfter, ImportResult.ReadAfter), a position in
// the primary's log at or past the write's commit; a request that carries
// it (WithReadAfter) reads from a database known to have replayed that far,
// the primary when no replica has yet. Readers that carry nothing, and
// every reader once the replicas have caught up, still read from the
// replicas: the primary is kept for writes.

// LogPosition is a position in the primary's write-ahead log, PostgreSQL's
// pg_lsn; zero is none.
type LogPosition uint64

// ParseLogPosition reads a position in pg_lsn's text form: two hexadecimal
// numbers of at most 32 bits each, separated by a slash ("16/B374D848").
func ParseLogPosition(s string) (LogPosition, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("log position %q: want two hexadecimal numbers separated by a slash (16/B374D848)", s)
	}
	h, err := strconv.ParseUint(hi, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("log position %q: %w", s, err)
	}
	l, err := strconv.ParseUint(lo, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("log position %q: %w", s, err)
	}
	return LogPosition(h<<32 | l), nil
}

// String writes p as pg_lsn does.
func (p LogPosition) String() string {
	return fmt.Sprintf("%X/%X", uint64(p)>>32, uint64(p)&0xFFFFFFFF)
}

// readAfterKey is the context key of WithReadAfter.
type readAfterKey struct{}

// WithReadAfter has the reads under ctx see the primary's log up to p at
// least: a store with replicas reads from one that has replayed p, else
// from the primary. A zero p asks nothing.
func WithReadAfter(ctx context.Context, p LogPosition) context.Context {
	if p == 0 {
		return ctx
	}
	return context.WithValue(ctx, readAfterKey{}, p)
}

// ReadAfterOf returns the position WithReadAfter set for ctx, if any.
func ReadAfterOf(ctx context.Context) (LogPosition, bool) {
	p, ok := ctx.Value(readAfterKey{}).(LogPosition)
	return p, ok
}
