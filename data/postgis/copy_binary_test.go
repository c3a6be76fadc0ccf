package postgis

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestCopyFrom copies rows of every type a load writes, and some it
// hands to pgx's type map, with copyFrom, and reads back each value as
// PostgreSQL prints it, written here by hand.
func TestCopyFrom(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tx := copyTx(t, `CREATE TEMP TABLE c (i8 bigint, i4 integer, s text, b boolean, d date, f double precision,
		a text[], g geometry(Point, 4326), n numeric, ts timestamptz, i2 smallint)`)
	point := []byte{ // EWKB, little-endian: a point with SRID 4326, (2.5, 48)
		1, 1, 0, 0, 0x20, 0xe6, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0x40, 0, 0, 0, 0, 0, 0, 0x48, 0x40}
	paris := time.FixedZone("CET", 3600)
	columns := []string{"i8", "i4", "s", "b", "d", "f", "a", "g", "n", "ts", "i2"}
	rows := [][]any{
		{int64(-9007199254740993), int32(-7), "Saint-Étienne", true, time.Date(1999, 12, 31, 23, 30, 0, 0, paris), 0.1,
			[]string{"mecenat", "", "é"}, point, "12.50", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), 3},
		{nil, nil, "", false, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), -2.5, []string{}, nil, nil, nil, nil},
	}
	n, err := copyFrom(ctx, tx, "c", columns, pgx.CopyFromRows(rows), true)
	if err != nil || n != 2 {
		t.Fatalf("copyFrom: %d rows, %v", n, err)
	}
	want := []string{
		"-9007199254740993|-7|Saint-Étienne|t|1999-12-31|0.1|{mecenat,\"\",é}|POINT(2.5 48)|12.50|2026-12-07 00:00:00+00|3",
		"∅|∅|∅empty|f|2000-01-01|-2.5|{}|∅|∅|∅|∅",
	}
	read, _ := tx.Query(ctx, `SELECT concat_ws('|', coalesce(i8::text, '∅'), coalesce(i4::text, '∅'),
		CASE WHEN s = '' THEN '∅empty' ELSE s END, b, d, f, a, coalesce(ST_AsText(g), '∅'), coalesce(n::text, '∅'),
		coalesce(to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00', '∅'), coalesce(i2::text, '∅'))
		FROM c ORDER BY i8 NULLS LAST`)
	got, err := pgx.CollectRows(read, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("copied rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// copyTx is a transaction on a connection to a test database with PostGIS
// (its geometry type), rolled back when the test ends, in which ddl has
// created the tables to copy into.
func copyTx(t *testing.T, ddl string) pgx.Tx {
	t.Helper()
	_, url := newTestStore(t)
	conn := connect(t, url)
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(ctx) })
	if _, err := tx.Exec(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	return tx
}

// TestCopyFromErrors: a value no encoding takes names its column, a row
// source's error is returned as it is, and neither leaves a row.
func TestCopyFromErrors(t *testing.T) {
	t.Parallel()
	conn := connect(t, testDatabaseURL(t))
	ctx := context.Background()
	if _, err := conn.Exec(ctx, "CREATE TABLE c (i4 integer CHECK (i4 >= 0), s text)"); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("line 3: bad row")
	for _, c := range []struct {
		name string
		src  pgx.CopyFromSource
		want string
	}{
		{"out of range", pgx.CopyFromRows([][]any{{int64(1) << 40, "x"}}), "column i4"},
		{"not a text", pgx.CopyFromRows([][]any{{int32(1), struct{}{}}}), "column s"},
		{"too few values", pgx.CopyFromRows([][]any{{int32(1)}}), "1 values for 2 columns"},
		{"source error", pgx.CopyFromFunc(func() ([]any, error) { return nil, bad }), bad.Error()},
		// The server refuses the first row while rows are still being
		// written: its error, not the closed stream's.
		{"refused row", manyRows(-1, 1_000_000), "c_i4_check"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			_, err = copyFrom(ctx, tx, "c", []string{"i4", "s"}, c.src, false)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("copyFrom: %v, want an error with %q", err, c.want)
			}
			if c.name == "source error" && !errors.Is(err, bad) {
				t.Errorf("copyFrom: %v, want the source's own error", err)
			}
		})
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM c").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows after failed copies (%v), want 0", n, err)
	}
}

// manyRows is n rows of c, the first one's i4 first and the others' 1.
func manyRows(first int32, n int) pgx.CopyFromSource {
	i := 0
	return pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		if i == 1 {
			return []any{first, "x"}, nil
		}
		return []any{int32(1), "a row of some length, for the stream to outrun the server"}, nil
	})
}
