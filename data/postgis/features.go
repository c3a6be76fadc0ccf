package postgis

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Items streams the features of a collection, one row at a time: each row is
// the Feature's JSON text made by PostgreSQL, handed to emit without being
// decoded or copied. emit's error stops the stream and is returned as is.
func (s *Store) Items(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error {
	src, err := lookupSource(collection, q)
	if err != nil {
		return err
	}
	if usesRun(src, q) {
		if err := q.Validate(); err != nil {
			return fmt.Errorf("items %s: %w", collection, err)
		}
		return pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
			func(tx pgx.Tx) error { return itemsByRun(ctx, tx, src, q, emit) })
	}
	p, err := featuresPlan(src, q)
	if err != nil {
		return fmt.Errorf("items %s: %w", collection, err)
	}
	_, err = emitRows(ctx, s.reader(ctx), src, p, emit)
	return err
}

// itemsByRun reads a page of lines in a bbox in steps (features_run.go),
// all in tx so that they see the same rows.
func itemsByRun(ctx context.Context, tx pgx.Tx, src source, q data.ItemsQuery, emit data.EmitFunc) error {
	limit := q.Limit
	if limit == 0 {
		limit = data.MaxLimit
	}
	start, err := src.meta.CursorValue(q.After)
	if err != nil {
		return fmt.Errorf("items %s: %w", src.meta.ID, err)
	}
	first, _ := start.(int64) // no cursor: the ids from 0
	remaining, tested := limit, 0
	var last int64
	for _, length := range runLengths(limit) {
		if !worthRunning(limit-remaining, tested, length, remaining) {
			break
		}
		end, err := runEndPlan(src, q, length)
		if err != nil {
			return fmt.Errorf("items %s: %w", src.meta.ID, err)
		}
		err = tx.QueryRow(ctx, end.sql, end.custom()...).Scan(&last)
		tableEnds := errors.Is(err, pgx.ErrNoRows)
		if err != nil && !tableEnds {
			return fmt.Errorf("items %s: %w", src.meta.ID, translate(ctx, err))
		}
		p, err := runPlan(src, q, length, remaining)
		if err != nil {
			return fmt.Errorf("items %s: %w", src.meta.ID, err)
		}
		n, err := emitRows(ctx, tx, src, p, emit)
		if err != nil || n == remaining || tableEnds {
			return err
		}
		// Short of the page, the run tested every one of its ids.
		remaining -= n
		tested += length
		q.After = strconv.FormatInt(last, 10)
	}
	if err := linesByBitmap(ctx, tx); err != nil {
		return fmt.Errorf("items %s: %w", src.meta.ID, translate(ctx, err))
	}
	q.Limit = remaining
	if upper, ok := windowEnd(first, last, limit-remaining, remaining); ok {
		p, err := windowPlan(src, q, upper)
		if err != nil {
			return fmt.Errorf("items %s: %w", src.meta.ID, err)
		}
		n, err := emitRows(ctx, tx, src, p, emit)
		if err != nil || n == remaining {
			return err
		}
		// Short of the page, the window tested every id up to upper.
		remaining -= n
		q.Limit = remaining
		q.After = strconv.FormatInt(upper, 10)
	}
	p, err := featuresPlan(src, q)
	if err != nil {
		return fmt.Errorf("items %s: %w", src.meta.ID, err)
	}
	_, err = emitRows(ctx, tx, src, p, emit)
	return err
}

// linesByBitmap has the rest of tx find lines through their index as a
// bitmap, never walking the index entry by entry. A long line's box meets
// far more boxes than the line does, and PostGIS's estimate of a bbox
// and ST_Intersects together is a row or two, so the planner walks the
// GiST index and fetches each candidate's row in index order: 118 517
// candidates of a Lyon view (46 064 lines crossing it), 310–340 ms for
// its count or its page. As a bitmap, the same rows are read in table
// order: 180–195 ms. Bitmap scans of the other indexes stay allowed, so a
// selective filter still uses its index; tx's earlier statements (the run
// of ids in order) are not affected.
func linesByBitmap(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "SET LOCAL enable_indexscan = off")
	return err
}

// querier is what runs a statement: the pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// rowQuerier is what reads one row: the pool, a connection or a
// transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// emitRows runs p, a statement of Feature texts, handing each row to emit
// without decoding or copying it, and says how many it handed.
func emitRows(ctx context.Context, db querier, src source, p plan, emit data.EmitFunc) (int, error) {
	rows, err := db.Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return 0, fmt.Errorf("items %s: %w", src.meta.ID, translate(ctx, err))
	}
	// Close before reading rows.Err, and on an early return: it releases the
	// connection (draining at most one page of rows).
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := emit(rows.RawValues()[0]); err != nil {
			return n, err
		}
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("items %s: %w", src.meta.ID, translate(ctx, err))
	}
	return n, nil
}

// CountItems counts the features of a collection matching q's bbox, filters
// and interval; the cursor and the page play no part.
func (s *Store) CountItems(ctx context.Context, collection string, q data.ItemsQuery) (int64, error) {
	src, err := lookupSource(collection, q)
	if err != nil {
		return 0, err
	}
	p, err := countPlan(src, q)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", collection, err)
	}
	var n int64
	if usesRun(src, data.ItemsQuery{BBox: q.BBox}) { // lines in a bbox: see linesByBitmap
		err = pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			if err := linesByBitmap(ctx, tx); err != nil {
				return err
			}
			return tx.QueryRow(ctx, p.sql, p.custom()...).Scan(&n)
		})
	} else {
		err = s.reader(ctx).QueryRow(ctx, p.sql, p.custom()...).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", collection, translate(ctx, err))
	}
	return n, nil
}

// Item returns one feature as GeoJSON text, in crs. An id that cannot name
// a feature of the collection (not an integer where ids are integers) is
// not found.
func (s *Store) Item(ctx context.Context, collection, id string, crs geo.CRS) ([]byte, error) {
	src, err := lookupSource(collection, data.ItemsQuery{CRS: crs})
	if err != nil {
		return nil, err
	}
	var key any = id
	if src.intID {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", collection, id, data.ErrNotFound)
		}
		key = n
	}
	p := itemPlan(src, key, crs)
	var feature []byte
	if err := s.reader(ctx).QueryRow(ctx, p.sql, p.args...).Scan(&feature); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("%s %q: %w", collection, id, data.ErrNotFound)
		}
		return nil, fmt.Errorf("%s %q: %w", collection, id, translate(ctx, err))
	}
	return feature, nil
}

// lookupSource finds a collection's source and checks the query.
func lookupSource(collection string, q data.ItemsQuery) (source, error) {
	src, ok := sourceOf(collection)
	if !ok {
		return source{}, fmt.Errorf("collection %q: %w", collection, data.ErrNotFound)
	}
	if err := q.Validate(); err != nil {
		return source{}, fmt.Errorf("collection %s: %w", collection, err)
	}
	return src, nil
}
