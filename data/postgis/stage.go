package postgis

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"
)

// stage is one bulk write: n rows of one kind copied into a temporary
// staging table (sql/stage_<name>.sql), then merged into the real table by
// sql/insert_<name>.sql followed by sql/conflict_<name>.sql (upsert). COPY
// is the fastest way into PostgreSQL; the merge gives upsert-by-key
// semantics, so loading the same rows twice changes nothing. Into an empty
// table the bulk path runs the insert alone: no row can conflict, and the
// upsert's speculative insertion cost a third more (7.5 s against 5.0 s for
// 1.85 M actors). A stage whose rows are already its table's own
// (bulkWrite.copyInto) skips the staging table on the bulk path and copies
// straight into the table. columns must list the staging table's columns
// in row order.
// checked says sql/check_<name>.sql lists staged rows with dangling
// references, checked before the merge for tables that skip foreign keys.
type stage struct {
	name    string
	columns []string
	n       int
	row     func(i int) ([]any, error)
	// binary, when set instead of row, writes the rows for COPY itself
	// (binaryRows): the large tables' rows.
	binary *binaryRows
	// stream, when set instead of n and row, pushes the rows one by one as
	// a file is read (a national registry never sits in memory): run pulls
	// them into COPY, and n is the count copied. Its error, a bad file's
	// *data.ImportError included, fails the stage.
	stream  func(yield func(row []any) error) error
	checked bool
	// bulk, when set, lets a large stage into an empty table take the
	// bulk path (bulk.go).
	bulk *bulkWrite
	// stored, when set, is what a bulkWrite.copyInto stage copies into
	// its table when its staged rows are not the table's own: the rows as
	// stored, derived columns included (stage_derived.go).
	stored *storedRows
}

// storedRows are a stage's rows as its table stores them: the columns, in
// order, and the rows in COPY's binary format.
type storedRows struct {
	columns []string
	binary  *binaryRows
}

// upsertSQL is the row path's statement: the insert and its conflict clause.
func (st stage) upsertSQL() string {
	return fixedSQL("insert_"+st.name) + fixedSQL("conflict_"+st.name)
}

// run performs the stage inside tx, calling progress with the number of rows
// copied so far (every progressEvery rows and at the end), and returns
// that number. A stage of at least bulkRows rows into an empty table takes
// the bulk path (bulk.go).
func (st stage) run(ctx context.Context, tx pgx.Tx, bulkRows int, progress func(done int)) (int, error) {
	if st.n == 0 && st.stream == nil {
		return 0, nil
	}
	// A stage of the table's own rows decides before COPY (its count is
	// known), the others once their rows are staged.
	direct := st.bulk != nil && st.bulk.copyInto && st.stream == nil
	if direct {
		bulk, err := st.bulkInto(ctx, tx, bulkRows)
		if err != nil {
			return 0, fmt.Errorf("stage %s: %w", st.name, translate(ctx, err))
		}
		if bulk {
			// Straight into the table: no stage to fill and read again.
			into := st
			if st.stored != nil {
				into.columns, into.binary = st.stored.columns, st.stored.binary
			}
			if err := st.writeBulk(ctx, tx, func() error {
				_, err := into.copyRows(ctx, tx, st.bulk.table, progress)
				return err
			}); err != nil {
				return 0, err
			}
			return st.done(progress), nil
		}
	}
	if _, err := tx.Exec(ctx, fixedSQL("stage_"+st.name)); err != nil {
		return 0, fmt.Errorf("stage %s: %w", st.name, translate(ctx, err))
	}
	copied, err := st.copyRows(ctx, tx, "stage_"+st.name, progress)
	if err != nil {
		return 0, err
	}
	st.n = copied
	if st.checked {
		if err := st.check(ctx, tx); err != nil {
			return 0, err
		}
	}
	bulk := false
	if !direct { // a direct stage was found to take the row path above
		if bulk, err = st.bulkInto(ctx, tx, bulkRows); err != nil {
			return 0, fmt.Errorf("stage %s: %w", st.name, translate(ctx, err))
		}
	}
	if bulk {
		err = st.writeBulk(ctx, tx, func() error { return st.insertStaged(ctx, tx) })
	} else if _, err = tx.Exec(ctx, st.upsertSQL()); err != nil {
		err = fmt.Errorf("upsert %s: %w", st.name, translate(ctx, err))
	}
	if err != nil {
		return 0, err
	}
	return st.done(progress), nil
}

// done reports the stage's last progress and returns its row count.
func (st stage) done(progress func(done int)) int {
	if progress != nil {
		progress(st.n)
	}
	return st.n
}

// copyRows copies st's rows into table (a fixed name: the stage, created
// in tx, or the bulk write's table, truncated in tx) by COPY, frozen
// (copyFrom), calling progress every progressEvery rows, and returns how
// many it copied.
func (st stage) copyRows(ctx context.Context, tx pgx.Tx, table string, progress func(done int)) (int, error) {
	if st.binary != nil && st.stream == nil {
		copied, err := copyBinary(ctx, tx, table, st.columns, st.binary, st.n, progress)
		if err != nil {
			return 0, fmt.Errorf("copy %s: %w", st.name, translate(ctx, err))
		}
		return int(copied), nil
	}
	i := 0
	var src pgx.CopyFromSource
	var streamErr func() error
	if st.stream != nil {
		next, stop := iter.Pull2(func(yield func([]any, error) bool) {
			err := st.stream(func(row []any) error {
				if !yield(row, nil) {
					return errStreamStopped
				}
				return nil
			})
			if err != nil && !errors.Is(err, errStreamStopped) {
				yield(nil, err)
			}
		})
		defer stop()
		var failed error
		src = pgx.CopyFromFunc(func() ([]any, error) {
			row, err, ok := next()
			switch {
			case !ok:
				return nil, nil
			case err != nil:
				failed = err
				return nil, err
			}
			i++
			if progress != nil && i%progressEvery == 0 {
				progress(i)
			}
			return row, nil
		})
		streamErr = func() error { return failed }
	} else {
		done := make(chan struct{})
		defer close(done)
		batches := st.rowsAhead(done)
		var batch rowBatch
		at := 0
		src = pgx.CopyFromFunc(func() ([]any, error) {
			for at == len(batch.rows) { // a batch may end on, or be only, an error
				if batch.err != nil {
					return nil, batch.err
				}
				var ok bool
				if batch, ok = <-batches; !ok {
					return nil, nil
				}
				at = 0
			}
			row := batch.rows[at]
			at++
			i++
			if progress != nil && i%progressEvery == 0 {
				progress(i)
			}
			return row, nil
		})
	}
	copied, err := copyFrom(ctx, tx, table, st.columns, src, true)
	if streamErr != nil {
		if serr := streamErr(); serr != nil {
			return 0, serr // the file's own error (its bad rows), as the reader said it
		}
	}
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", st.name, translate(ctx, err))
	}
	return int(copied), nil
}

// rowBatch is a run of consecutive rows of a stage, then the error that
// stopped them, if any.
type rowBatch struct {
	rows [][]any
	err  error
}

// rowBatchRows is the size of a batch: enough that handing one over costs
// nothing next to making its rows.
const rowBatchRows = 1024

// rowsAhead makes st's rows in another goroutine, a few batches ahead of
// COPY, until the last, an error or done. pgx encodes the rows in one
// goroutine; making them there too (reading 1.85 M actors in commune order
// from a slice in id order, each row's values boxed) took as long again,
// and COPY waited on Go rather than on PostgreSQL.
func (st stage) rowsAhead(done <-chan struct{}) <-chan rowBatch {
	out := make(chan rowBatch, 4)
	go func() {
		defer close(out)
		for start := 0; start < st.n; start += rowBatchRows {
			b := rowBatch{rows: make([][]any, 0, min(rowBatchRows, st.n-start))}
			for i := start; i < min(start+rowBatchRows, st.n); i++ {
				row, err := st.row(i)
				if err != nil {
					b.err = err
					break
				}
				b.rows = append(b.rows, row)
			}
			select {
			case out <- b:
			case <-done:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	return out
}

// check runs sql/check_<name>.sql and reports the rows it lists.
func (st stage) check(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, fixedSQL("check_"+st.name))
	if err != nil {
		return fmt.Errorf("check %s: %w", st.name, translate(ctx, err))
	}
	var bad []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			rows.Close()
			return fmt.Errorf("check %s: %w", st.name, err)
		}
		bad = append(bad, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", st.name, translate(ctx, err))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s: rows name an unknown indicator or territory, e.g. %s", st.name, strings.Join(bad, "; "))
	}
	return nil
}

// errStreamStopped ends a stream whose consumer stopped pulling.
var errStreamStopped = errors.New("stream stopped")

// progressEvery is how many rows are copied between progress calls.
const progressEvery = 5000
