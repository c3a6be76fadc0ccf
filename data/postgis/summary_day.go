package postgis

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/maillage/maillage/data"
)

// The partnerships' summaries count the partnerships counted on one day,
// data_version.summary_day (migration 00024): started by it and not ended
// before it. A query reads them only for that day (countedBySummaries),
// any other time from the rows; the analyses ask for today unless told
// otherwise, so the store moves the summaries to today's UTC date when it
// finds them behind (rollSummaries), one day's starts and ends at a time.

// summaryDay is the day the summaries count; not Valid: every partnership
// on record.
type summaryDay = pgtype.Date

// readSummaryDay reads it, in the transaction the summaries are then read
// in, so that the two agree (or from the pool, to see whether to roll).
func readSummaryDay(ctx context.Context, db rowQuerier) (summaryDay, error) {
	var d summaryDay
	err := db.QueryRow(ctx, "SELECT summary_day FROM data_version").Scan(&d)
	return d, err
}

// countedBySummaries reports whether the summaries, counting the
// partnerships counted on day, count those active during: nil during (every
// partnership) when they count every one, or the interval of exactly that
// date (its dates, as the rows' dates compare: data.Interval.Dates).
func countedBySummaries(during *data.Interval, day summaryDay) bool {
	if during == nil || !day.Valid {
		return during == nil && !day.Valid
	}
	if !during.Start.IsZero() && !during.End.IsZero() && during.Start.After(during.End) {
		return false
	}
	first, last := during.Dates()
	return !first.IsZero() && first.Equal(last) && first.Equal(day.Time.UTC())
}

// summaryRoll keeps the store's rolls of the summaries: one at a time, and
// not again before retryRoll after one that could not be made.
type summaryRoll struct {
	day     atomic.Int64 // Unix seconds of the day last found rolled to: every request reads it
	mu      sync.Mutex   // held by the one request rolling
	blocked time.Time    // when a roll last failed
}

// retryRoll is how long the store waits after a roll that could not be
// made; lockWait how long a roll waits for a write holding the version
// before giving up. Meanwhile the day's analyses are counted from the
// rows: slower, never wrong.
const (
	retryRoll = 10 * time.Second
	lockWait  = "200ms"
)

// rollSummaries moves the primary's summaries to today's UTC date unless
// found there already (a replica follows the primary). A roll that cannot
// be made now (a write holds the version past lockWait, the database
// refuses this user a write, the primary is away) is tried again after
// retryRoll; the answers meanwhile come from the rows, so a failed roll
// fails no request. The day is first read without a lock, so that a store
// opened during a long import finds the summaries on today's date without
// queueing behind the import's lock of the version.
func (s *Store) rollSummaries(ctx context.Context, now time.Time) {
	today := data.UTCDate(now)
	r := &s.roll
	if r.day.Load() == today.Unix() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.day.Load() == today.Unix() || now.Sub(r.blocked) < retryRoll {
		return
	}
	day, err := readSummaryDay(ctx, s.pool)
	if err != nil {
		r.blocked = now
		return
	}
	if !day.Valid || !day.Time.Equal(today) {
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = '"+lockWait+"'"); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "SELECT roll_summaries($1)", summaryDay{Time: today, Valid: true})
			return err
		})
		if err != nil {
			r.blocked = now
			return
		}
		s.watch.forget() // the roll's version, not the one before
	}
	r.day.Store(today.Unix())
}
