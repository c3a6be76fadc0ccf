package postgis

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// copyFrom is tx.CopyFrom (COPY's binary format, the rows' values
// encoded for their columns' types) with the values of the types a load
// writes — bigint, integer, text, boolean, date, double, text[] and
// geometry — encoded here, straight into the buffer sent, and every other
// one by pgx's type map as tx.CopyFrom does. pgx finds an encoding plan
// per value through two maps keyed by type: 62 M values of a national
// load (1.85 M actors of 16 columns, 1.34 M partnerships of 24) took
// 5.4 s of Go, and COPY, which PostgreSQL alone runs in 3.7–3.9 s per
// table, took 5–8 s, waiting on Go. The format: PostgreSQL's COPY
// documentation ("Binary Format") and each type's send function.
//
// frozen copies the rows frozen (COPY's FREEZE), which PostgreSQL allows
// into a table created or truncated in the same transaction (a stage, a
// bulk write): rows visible to every transaction as soon as the table is,
// as TRUNCATE already makes the bulk write, and pages marked all-visible.
// Statements reading them in the same transaction check no row's
// visibility one by one: a national load's foreign keys were checked in
// 0.4 s each instead of 1.9 s; and the first reads after the load neither
// set hint bits on every page nor leave autovacuum a gigabyte to freeze.
func copyFrom(ctx context.Context, tx pgx.Tx, table string, columns []string, src pgx.CopyFromSource, frozen bool) (int64, error) {
	types, err := columnTypes(ctx, tx.Conn(), table, columns)
	if err != nil {
		return 0, err
	}
	encoders := make([]copyEncoder, len(types))
	for i, oid := range types {
		encoders[i] = copyEncoder{m: tx.Conn().TypeMap(), oid: oid, column: columns[i]}
	}
	return copyStream(ctx, tx.Conn(), table, columns, frozen, func(w io.Writer) (int64, error) {
		return writeCopyRows(w, src, encoders)
	})
}

// columnTypes are the types of table's columns, rawOID for a type pgx does
// not know.
func columnTypes(ctx context.Context, conn *pgx.Conn, table string, columns []string) ([]uint32, error) {
	sd, err := conn.PgConn().Prepare(ctx, "", "SELECT "+columnList(columns)+" FROM "+pgx.Identifier{table}.Sanitize(), nil)
	if err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	types := make([]uint32, len(sd.Fields))
	for i, f := range sd.Fields {
		types[i] = f.DataTypeOID
		if _, known := conn.TypeMap().TypeForOID(f.DataTypeOID); !known {
			types[i] = rawOID
		}
	}
	return types, nil
}

// columnList is columns quoted and listed for SQL.
func columnList(columns []string) string {
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = pgx.Identifier{c}.Sanitize()
	}
	return strings.Join(quoted, ", ")
}

// copyStream runs COPY of table's columns from the binary stream whose
// rows write writes (the header and the trailer are written here), and
// returns the number of rows copied. frozen: see copyFrom.
func copyStream(ctx context.Context, conn *pgx.Conn, table string, columns []string, frozen bool, write func(io.Writer) (int64, error)) (int64, error) {
	r, w := io.Pipe()
	var rows int64
	var encodeErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		rows, encodeErr = writeCopyStream(w, write)
		if encodeErr != nil {
			w.CloseWithError(encodeErr)
			return
		}
		w.Close()
	}()
	options := "FORMAT binary"
	if frozen {
		options += ", FREEZE"
	}
	tag, err := conn.PgConn().CopyFrom(ctx, r, "COPY "+pgx.Identifier{table}.Sanitize()+" ("+columnList(columns)+") FROM STDIN ("+options+")")
	r.Close() // a writer still writing stops
	<-done
	switch {
	case encodeErr != nil && !errors.Is(encodeErr, io.ErrClosedPipe):
		return 0, encodeErr // the rows' own error, which COPY was failed with
	case err != nil:
		return 0, err // the server's, which closed the pipe under the writer
	case encodeErr != nil:
		return 0, encodeErr
	case tag.RowsAffected() != rows:
		return 0, fmt.Errorf("%d rows sent, %d copied", rows, tag.RowsAffected())
	}
	return rows, nil
}

// writeCopyStream writes COPY's binary header, the rows write writes,
// then the trailer.
func writeCopyStream(w io.Writer, write func(io.Writer) (int64, error)) (int64, error) {
	header := []byte("PGCOPY\n\377\r\n\000")
	header = binary.BigEndian.AppendUint32(header, 0) // flags
	header = binary.BigEndian.AppendUint32(header, 0) // header extension
	if _, err := w.Write(header); err != nil {
		return 0, err
	}
	rows, err := write(w)
	if err != nil {
		return rows, err
	}
	_, err = w.Write(binary.BigEndian.AppendUint16(nil, 0xffff)) // the trailer: -1 fields
	return rows, err
}

// copyBufferSize is how much of COPY's stream is built before it is sent.
const copyBufferSize = 64 << 10

// writeCopyRows writes src's rows to w in COPY's binary format.
func writeCopyRows(w io.Writer, src pgx.CopyFromSource, encoders []copyEncoder) (int64, error) {
	buf := make([]byte, 0, 2*copyBufferSize)
	var rows int64
	for src.Next() {
		values, err := src.Values()
		if err != nil {
			return rows, err
		}
		if len(values) != len(encoders) {
			return rows, fmt.Errorf("a row of %d values for %d columns", len(values), len(encoders))
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(values)))
		for i, v := range values {
			if buf, err = encoders[i].append(buf, v); err != nil {
				return rows, err
			}
		}
		rows++
		if len(buf) >= copyBufferSize {
			if _, err := w.Write(buf); err != nil {
				return rows, err
			}
			buf = buf[:0]
		}
	}
	if err := src.Err(); err != nil {
		return rows, err
	}
	_, err := w.Write(buf)
	return rows, err
}

// rawOID marks a column of a type pgx does not know (PostGIS's geometry),
// whose binary form a []byte gives as is (pgx would take it for bytea).
const rawOID = math.MaxUint32

// dateEpoch is day 0 of a binary date, in Unix seconds.
var dateEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()

// copyEncoder encodes the values of a column of type oid.
type copyEncoder struct {
	m      *pgtype.Map
	oid    uint32
	column string
}

// append appends v as a field of COPY's binary format: its length (-1
// for NULL), then its binary form.
func (e copyEncoder) append(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return appendNull(buf), nil
	case string:
		if e.oid == pgtype.TextOID || e.oid == pgtype.VarcharOID {
			return appendText(buf, x), nil
		}
	case int64:
		if e.oid == pgtype.Int8OID {
			return appendInt8(buf, x), nil
		}
	case int32:
		if e.oid == pgtype.Int4OID {
			return appendInt4(buf, x), nil
		}
	case bool:
		if e.oid == pgtype.BoolOID {
			return appendBool(buf, x), nil
		}
	case float64:
		if e.oid == pgtype.Float8OID {
			return appendFloat8(buf, x), nil
		}
	case time.Time:
		if e.oid == pgtype.DateOID {
			return appendDate(buf, x), nil
		}
	case []string:
		if e.oid == pgtype.TextArrayOID {
			return appendTextArray(buf, x), nil
		}
	case []byte:
		if e.oid == rawOID || e.oid == pgtype.ByteaOID {
			return appendBytes(buf, x), nil
		}
	}
	return e.appendByMap(buf, v)
}

// appendByMap encodes v by pgx's type map, as tx.CopyFrom does.
func (e copyEncoder) appendByMap(buf []byte, v any) ([]byte, error) {
	oid := e.oid
	if oid == rawOID {
		oid = 0 // unknown: the map picks a type by v's
	}
	at := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32)
	out, err := e.m.Encode(oid, pgtype.BinaryFormatCode, v, buf)
	if s, ok := v.(string); ok && err != nil {
		// A value in its text form (a numeric read from a file): parsed
		// by the column's type, then encoded.
		var parsed any
		if err = e.m.Scan(oid, pgtype.TextFormatCode, []byte(s), &parsed); err == nil {
			out, err = e.m.Encode(oid, pgtype.BinaryFormatCode, parsed, buf)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", e.column, err)
	}
	if out == nil { // NULL
		return buf, nil
	}
	binary.BigEndian.PutUint32(out[at:], uint32(len(out)-at-4))
	return out, nil
}
