package postgis

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
)

// TestEWKB holds the points and lines written here to orb's EWKB
// encoder's bytes.
func TestEWKB(t *testing.T) {
	t.Parallel()
	for _, p := range []orb.Point{{2.35, 48.85}, {-61.55, 16.25}, {0, 0}, {-180, -90}, {math.SmallestNonzeroFloat64, 1e300}} {
		want, err := ewkb.Marshal(p, 4326)
		if err != nil {
			t.Fatal(err)
		}
		if got := pointEWKB(nil, p); !bytes.Equal(got, want) {
			t.Errorf("point %v: % x, want % x", p, got, want)
		}
		line := orb.LineString{{4.83, 45.76}, p}
		want, err = ewkb.Marshal(line, 4326)
		if err != nil {
			t.Fatal(err)
		}
		got := appendLine(nil, line[0], line[1])
		if n := int(uint32(got[0])<<24 | uint32(got[1])<<16 | uint32(got[2])<<8 | uint32(got[3])); n != len(got)-4 || !bytes.Equal(got[4:], want) {
			t.Errorf("line %v: % x, want a length then % x", line, got, want)
		}
	}
}

// TestActorRowsBinary holds each actor's row written by appendActorRow to
// its values (actorRow) encoded one by one for actorTypes, the path that
// TestCopyFrom checks against PostgreSQL: the fixture's actors, and
// actors with every optional value absent or unusual.
func TestActorRowsBinary(t *testing.T) {
	t.Parallel()
	actors := append([]geo.Actor(nil), storetest.Fixture().Actors...)
	actors = append(actors,
		geo.Actor{ID: 1, Name: "", Kind: geo.KindAssociation, Precision: geo.PrecisionApproximate, Inactive: true},
		geo.Actor{ID: math.MaxInt64, Name: "Société « Ça va »", Kind: geo.KindEntreprise, Country: "DE", Employees: -1,
			Employer: true, Insertion: true, Domains: []geo.Domain{geo.DomainCulture, geo.DomainSport}, Location: orb.Point{13.4, 52.5}})
	for _, a := range actors {
		want := encodeValues(t, actorTypes, actorRow(&a))
		if got := appendActorRow(nil, &a); !bytes.Equal(got, want) {
			t.Errorf("actor %d:\n% x\nwant\n% x", a.ID, got, want)
		}
	}
}

// TestPartnershipRowsBinary holds each partnership's staged row written
// by appendPartnershipStageRow to its values, listed here by hand,
// encoded one by one (TestCopyFrom's path): those of the fixture, and
// some unusual ones.
func TestPartnershipRowsBinary(t *testing.T) {
	t.Parallel()
	ps := append([]geo.Partnership(nil), storetest.Fixture().Partnerships...)
	ps = append(ps, geo.Partnership{ID: -1, Start: time.Date(1999, 12, 31, 23, 30, 0, 0, time.FixedZone("CET", 3600))},
		geo.Partnership{ID: 7, ActorA: math.MaxInt64, Category: geo.CategoryMecenat, Domain: geo.DomainCulture, Stage: geo.StageCreation,
			Start: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2016, 2, 29, 0, 0, 0, 0, time.UTC)})
	for _, p := range ps {
		var end, stage any // NULL
		if !p.End.IsZero() {
			end = p.End
		}
		if p.Stage != "" {
			stage = string(p.Stage)
		}
		want := encodeValues(t, partnershipStageTypes, []any{p.ID, p.ActorA, p.ActorB, string(p.Category), string(p.Domain), p.Start, end, stage})
		if got := appendPartnershipStageRow(nil, &p); !bytes.Equal(got, want) {
			t.Errorf("partnership %d:\n% x\nwant\n% x", p.ID, got, want)
		}
	}
}

// encodeValues encodes a row's values one by one for columns of types, as
// copyFrom does.
func encodeValues(t *testing.T, types []uint32, values []any) []byte {
	t.Helper()
	m := pgtype.NewMap()
	var out []byte
	for i, v := range values {
		var err error
		if out, err = (copyEncoder{m: m, oid: types[i], column: "?"}).append(out, v); err != nil {
			t.Fatalf("value %d (%v): %v", i, v, err)
		}
	}
	return out
}

// TestCopyBinary copies rows written by binaryRows and reads them back;
// a table of other column types is refused before COPY, and a row's
// error fails the copy with that error.
func TestCopyBinary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tx := copyTx(t, `CREATE TEMP TABLE b (id bigint, name text, d date)`)
	// Enough rows for several batches (copyBufferSize), and progress calls.
	const n = 20000
	rows := &binaryRows{oids: []uint32{pgtype.Int8OID, pgtype.TextOID, pgtype.DateOID}, row: func(buf []byte, i int) ([]byte, error) {
		buf = appendInt8(buf, int64(i))
		buf = appendOptionalText(buf, strings.Repeat("é", i%3))
		if i%5 == 0 {
			return appendOptionalDate(buf, time.Time{}), nil // NULL
		}
		return appendOptionalDate(buf, time.Date(2015, 12, 1+i%2, 0, 0, 0, 0, time.UTC)), nil
	}}
	var progressed []int
	copied, err := copyBinary(ctx, tx, "b", []string{"id", "name", "d"}, rows, n, func(done int) { progressed = append(progressed, done) })
	if err != nil || copied != n {
		t.Fatalf("copyBinary: %d rows, %v", copied, err)
	}
	if len(progressed) < n/progressEvery-1 {
		t.Errorf("progress called at %v", progressed)
	}
	var count, nulls, dates, noDates int
	var sum int64
	var names string
	if err := tx.QueryRow(ctx, `SELECT count(*), sum(id), count(*) FILTER (WHERE name IS NULL), count(DISTINCT d), count(*) FILTER (WHERE d IS NULL),
		string_agg(DISTINCT coalesce(name, '∅'), ',' ORDER BY coalesce(name, '∅')) FROM b`).Scan(&count, &sum, &nulls, &dates, &noDates, &names); err != nil {
		t.Fatal(err)
	}
	if count != n || sum != n*(n-1)/2 || nulls != 6667 || dates != 2 || noDates != n/5 || names != "é,éé,∅" {
		t.Errorf("copied %d rows, ids summing to %d, %d NULL names, %d dates and %d NULL, names %s", count, sum, nulls, dates, noDates, names)
	}

	if _, err := copyBinary(ctx, tx, "b", []string{"name", "id", "d"}, rows, n, nil); err == nil || !strings.Contains(err.Error(), "types") {
		t.Errorf("columns of other types: %v", err)
	}
	failed := errors.New("row 15000 is bad")
	bad := &binaryRows{oids: rows.oids, row: func(buf []byte, i int) ([]byte, error) {
		if i == 15000 {
			return nil, failed
		}
		return rows.row(buf, i)
	}}
	// COPY FREEZE wants its table created in the same transaction: a
	// failed COPY then leaves it to a rollback, as a failed load does.
	if _, err := tx.Exec(ctx, "CREATE TEMP TABLE b2 (LIKE b)"); err != nil {
		t.Fatal(err)
	}
	if _, err := copyBinary(ctx, tx, "b2", []string{"id", "name", "d"}, bad, n, nil); !errors.Is(err, failed) {
		t.Errorf("a row's error: %v", err)
	}
}
