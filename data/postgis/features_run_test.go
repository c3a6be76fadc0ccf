package postgis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TestLinePagesInTwoSteps pages partnerships in bboxes over more
// partnerships than one run, so that pages end in the run, straddle it or
// lie past it, and checks every page against the plain statement (every
// matching id in order, through the index).
func TestLinePagesInTwoSteps(t *testing.T) {
	t.Parallel()
	ds := storetest.Fixture()
	// 6 000 more partnerships between random pairs of the fixture's
	// actors in France: long lines crossing Lyon and Paris, short ones.
	var inFrance []int64
	for _, a := range ds.Actors {
		if a.Country == "FR" && a.CommuneCode != "" {
			inFrance = append(inFrance, a.ID)
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 6000 {
		a, b := inFrance[rng.IntN(len(inFrance))], inFrance[rng.IntN(len(inFrance))]
		if a == b {
			continue
		}
		ds.Partnerships = append(ds.Partnerships, geo.Partnership{ID: int64(10000 + i), ActorA: a, ActorB: b,
			Category: geo.CategoryMecenat, Domain: geo.DomainSport, Start: ds.Partnerships[0].Start})
	}
	s, _ := newTestStore(t)
	ctx := context.Background()
	if err := s.LoadDataset(ctx, ds, nil); err != nil {
		t.Fatal(err)
	}
	want := func(b orb.Bound, after string, limit int) []string {
		t.Helper()
		sql := `SELECT p.id::text FROM partnerships p WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))
			AND p.id > $5 ORDER BY p.id LIMIT $6`
		a, _ := strconv.ParseInt(after, 10, 64)
		rows, err := s.pool.Query(ctx, sql, b.Min[0], b.Min[1], b.Max[0], b.Max[1], a, limit)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	boxes := map[string]orb.Bound{
		"Lyon":   {Min: orb.Point{4.80, 45.72}, Max: orb.Point{4.90, 45.80}},
		"Paris":  {Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}},
		"France": {Min: orb.Point{-5, 42}, Max: orb.Point{8, 51}},
		"Alps":   {Min: orb.Point{6.5, 45.0}, Max: orb.Point{7.0, 45.3}},
	}
	pages := 0
	for name, b := range boxes {
		for _, limit := range []int{1, 7, 100, 150, 5000} {
			after := ""
			for page := 0; page < 4; page++ {
				var got []string
				err := s.Items(ctx, data.CollectionPartnerships, data.ItemsQuery{BBox: &b, After: after, Limit: limit}, func(f []byte) error {
					var feat struct{ ID int64 }
					if err := json.Unmarshal(f, &feat); err != nil {
						return err
					}
					got = append(got, strconv.FormatInt(feat.ID, 10))
					return nil
				})
				if err != nil {
					t.Fatalf("%s limit %d after %q: %v", name, limit, after, err)
				}
				w := want(b, after, limit)
				if !slices.Equal(got, w) {
					t.Fatalf("%s limit %d after %q: %d ids %v…, want %d %v…", name, limit, after, len(got), first(got), len(w), first(w))
				}
				pages++
				if len(got) < limit {
					break
				}
				after = got[len(got)-1]
			}
		}
	}
	if pages < 40 {
		t.Errorf("only %d pages compared", pages)
	}
}

func first(ids []string) string { return fmt.Sprint(ids[:min(len(ids), 5)]) }

// TestLinePageBadCursor: a cursor that is no id is refused as on any page,
// naming "after", on the two-step path too.
func TestLinePageBadCursor(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	b := orb.Bound{Min: orb.Point{4.8, 45.7}, Max: orb.Point{4.9, 45.8}}
	err := s.Items(context.Background(), data.CollectionPartnerships, data.ItemsQuery{BBox: &b, After: "abc", Limit: 5},
		func([]byte) error { return nil })
	var fe *data.FilterError
	if !errors.As(err, &fe) || fe.Property != "after" {
		t.Errorf("got %v, want a FilterError naming after", err)
	}
}

// TestRunLengths: which runs a line page tests in id order, and when the
// probe's density sends it to the index instead.
func TestRunLengths(t *testing.T) {
	for _, c := range []struct {
		limit int
		want  []int
	}{{1, []int{2000}}, {100, []int{2000}}, {150, []int{2000, 1000}}, {1000, []int{2000, 18000}}, {10000, []int{2000, 48000}}} {
		if got := runLengths(c.limit); !slices.Equal(got, c.want) {
			t.Errorf("runLengths(%d) = %v, want %v", c.limit, got, c.want)
		}
	}
	for _, c := range []struct {
		name                             string
		found, tested, length, remaining int
		want                             bool
	}{
		{"first run", 0, 0, 2000, 10, true},
		{"nothing found", 0, 2000, 18000, 1000, false},
		{"Paris, 7.7 %", 154, 2000, 18000, 846, true},
		{"Lyon, 3.4 %", 68, 2000, 48000, 9932, false},
		{"just enough", 100, 2000, 18000, 900, true},
		{"just short", 99, 2000, 18000, 901, false},
	} {
		if got := worthRunning(c.found, c.tested, c.length, c.remaining); got != c.want {
			t.Errorf("%s: worthRunning = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestWindowEnd: where the window of ids after the runs ends, at the runs'
// density with half as much again.
func TestWindowEnd(t *testing.T) {
	for _, c := range []struct {
		name             string
		first, last      int64
		found, remaining int
		want             int64
		ok               bool
	}{
		// 64 in ids 1–2000, 9 936 left: 9 936 × 2 000 / 64 × 1.5 = 465 750.
		{"Lyon's first page", 0, 2000, 64, 9936, 467750, true},
		// After a cursor: 10 in ids 5 001–6 000, 20 left: 20 × 1 000 / 10 × 1.5 = 3 000.
		{"after a cursor", 5000, 6000, 10, 20, 9000, true},
		{"rounded up", 0, 10, 4, 1, 14, true}, // 1 × 10 / 4 × 1.5 = 3.75
		{"nothing found", 0, 2000, 0, 100, 0, false},
		{"no ids tested", 7, 7, 1, 100, 0, false},
		{"past any id", 0, math.MaxInt64 / 2, 1, 10, 0, false},
	} {
		got, ok := windowEnd(c.first, c.last, c.found, c.remaining)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: windowEnd = %d, %v; want %d, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
