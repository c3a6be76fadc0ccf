package postgis

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/jackc/pgx/v5"
)

// binaryRows are a stage's rows written straight in COPY's binary format
// (copy_fields.go) for columns of the types oids (rawOID: geometry): row
// appends the fields of row i. The rows of the two large tables are
// written so. Made as values ([]any, each boxed, then encoded by type),
// 1.85 M actors and 1.34 M partnerships took about 9 s of Go, and COPY,
// which PostgreSQL alone runs in 2.2–3.9 s per table, waited on it: the
// Go goroutines and the backend share two cores.
type binaryRows struct {
	oids []uint32
	row  func(buf []byte, i int) ([]byte, error)
}

// binaryBatch is a run of rows in COPY's binary format, how many, then
// the error that stopped them, if any.
type binaryBatch struct {
	buf  []byte
	rows int
	err  error
}

// copyBinary copies rows 0 to n-1 of b into table's columns by COPY,
// frozen (copyFrom), calling progress about every progressEvery rows, and
// returns how many it copied. Columns of other types than b's are an
// error: b's rows would not be read as written.
func copyBinary(ctx context.Context, tx pgx.Tx, table string, columns []string, b *binaryRows, n int, progress func(done int)) (int64, error) {
	types, err := columnTypes(ctx, tx.Conn(), table, columns)
	if err != nil {
		return 0, err
	}
	if !slices.Equal(types, b.oids) {
		return 0, fmt.Errorf("columns of types %v, rows written for %v", types, b.oids)
	}
	done := make(chan struct{})
	defer close(done)
	batches := b.ahead(n, done)
	return copyStream(ctx, tx.Conn(), table, columns, true, func(w io.Writer) (int64, error) {
		var rows int64
		for batch := range batches {
			if _, err := w.Write(batch.buf); err != nil {
				return rows, err
			}
			before := rows
			rows += int64(batch.rows)
			if progress != nil && rows/progressEvery != before/progressEvery {
				progress(int(rows))
			}
			if batch.err != nil {
				return rows, batch.err
			}
		}
		return rows, nil
	})
}

// ahead writes rows 0 to n-1 of b in another goroutine, a few batches
// ahead of COPY, until the last, an error or done.
func (b *binaryRows) ahead(n int, done <-chan struct{}) <-chan binaryBatch {
	out := make(chan binaryBatch, 4)
	go func() {
		defer close(out)
		fields := uint16(len(b.oids))
		for i := 0; i < n; {
			batch := binaryBatch{buf: make([]byte, 0, copyBufferSize+copyBufferSize/4)}
			for ; i < n && len(batch.buf) < copyBufferSize; i++ {
				buf, err := b.row(binary.BigEndian.AppendUint16(batch.buf, fields), i)
				if err != nil {
					batch.err = err
					break
				}
				batch.buf = buf
				batch.rows++
			}
			select {
			case out <- batch:
			case <-done:
				return
			}
			if batch.err != nil {
				return
			}
		}
	}()
	return out
}
