package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// Extent implements data.Store with ST_Extent over the collection's rows
// (and min/max of the start date for partnerships), computed on every call.
// It is not cached: rows change through Import, LoadDataset, other
// processes sharing the database (maillage import) and plain SQL, and
// this Store sees only the first two, so no cache could be invalidated
// reliably. The cost is one scan of the collection's rows, linear in their
// number (milliseconds for the demo); a caller that lists the collections
// often may cache the answer for as long as it tolerates staleness.
func (s *Store) Extent(ctx context.Context, collection string) (orb.Bound, *data.Interval, error) {
	src, err := lookupSource(collection, data.ItemsQuery{})
	if err != nil {
		return orb.Bound{}, nil, err
	}
	p := extentPlan(src)
	var (
		minX, minY, maxX, maxY pgtype.Float8
		first, last            pgtype.Date
	)
	if err := s.reader(ctx).QueryRow(ctx, p.sql, p.args...).Scan(&minX, &minY, &maxX, &maxY, &first, &last); err != nil {
		return orb.Bound{}, nil, fmt.Errorf("extent %s: %w", collection, translate(ctx, err))
	}
	var b orb.Bound
	if minX.Valid { // NULL for an empty collection
		b = orb.Bound{Min: orb.Point{minX.Float64, minY.Float64}, Max: orb.Point{maxX.Float64, maxY.Float64}}
	}
	if !first.Valid {
		return b, nil, nil
	}
	iv := &data.Interval{Start: utcDate(first.Time)}
	if last.Valid { // NULL: open, a row has no end
		iv.End = utcDate(last.Time)
	}
	return b, iv, nil
}

// utcDate is a date read by pgx as midnight UTC, the form dataset readers
// give geo.Partnership.Start.
func utcDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
