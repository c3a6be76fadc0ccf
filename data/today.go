package data

import (
	"context"
	"time"
)

// The analyses count the partnerships active today unless asked for
// another time: an Interval of one whole UTC day (a date means its
// midnight UTC, as in Interval.Contains). A request fixes its today once
// (WithToday), so that every part of its answer, and its validators, count
// the same day even across midnight.

// todayKey is the context key of WithToday.
type todayKey struct{}

// WithToday fixes today's date (its midnight UTC) for the work done under
// ctx.
func WithToday(ctx context.Context, day time.Time) context.Context {
	return context.WithValue(ctx, todayKey{}, UTCDate(day))
}

// TodayOf is the date WithToday fixed for ctx, or the current UTC date.
func TodayOf(ctx context.Context) time.Time {
	if t, ok := ctx.Value(todayKey{}).(time.Time); ok {
		return t
	}
	return UTCDate(time.Now())
}

// UTCDate is the midnight UTC starting t's UTC date.
func UTCDate(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// WholeDay is the interval of the UTC date of t, from its midnight to the
// last instant before the next: what a date given as datetime means.
func WholeDay(t time.Time) *Interval {
	start := UTCDate(t)
	return &Interval{Start: start, End: start.AddDate(0, 0, 1).Add(-time.Nanosecond)}
}

// Today is WholeDay of TodayOf(ctx): the partnerships the analyses count
// when no time is given.
func Today(ctx context.Context) *Interval {
	return WholeDay(TodayOf(ctx))
}
