package postgis

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// planNode is the part of EXPLAIN (ANALYZE, FORMAT JSON) rowsRead reads.
type planNode struct {
	Alias          string     `json:"Alias"`
	ActualRows     float64    `json:"Actual Rows"`
	ActualLoops    float64    `json:"Actual Loops"`
	RemovedFilter  float64    `json:"Rows Removed by Filter"`
	RemovedRecheck float64    `json:"Rows Removed by Index Recheck"`
	Plans          []planNode `json:"Plans"`
}

// rowsRead is how many rows of the table aliased alias the plan read: those
// its scans returned and those their filters dropped.
func rowsRead(n planNode, alias string) float64 {
	var total float64
	if n.Alias == alias {
		total += n.ActualRows*max(n.ActualLoops, 1) + n.RemovedFilter + n.RemovedRecheck
	}
	for _, c := range n.Plans {
		total += rowsRead(c, alias)
	}
	return total
}

// checkKeysetPlans runs filtered keyset pages of the loaded demo through
// EXPLAIN ANALYZE and wants each to read at most a few pages' worth of rows
// of its main table: the cursor and the filter must be a seek in an index
// (migration 00008, and random_page_cost in configure_session.sql), not a
// walk that drops rows, whatever precedes the cursor. The offset page is
// logged for comparison.
func checkKeysetPlans(t *testing.T, s *Store) {
	ctx := context.Background()
	if _, err := s.pool.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	eq := func(name, value string) []data.PropertyFilter {
		return []data.PropertyFilter{{Name: name, Value: value}}
	}
	const limit = 100
	// A page for a common value walks the primary key past the rare rows
	// that a partial index holds (migration 00032): at most all of them.
	var abroad, insertion float64
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FILTER (WHERE country <> 'FR'), count(*) FILTER (WHERE insertion) FROM actors").Scan(&abroad, &insertion); err != nil {
		t.Fatal(err)
	}
	if abroad == 0 || insertion == 0 {
		t.Fatalf("the demo has %.0f actors abroad and %.0f insertion structures: the partial indexes go untested", abroad, insertion)
	}
	cases := []struct {
		name, collection, alias string
		q                       data.ItemsQuery
		maxRows                 float64
	}{
		{"offset, for comparison", data.CollectionActors, "a", data.ItemsQuery{Offset: 10000}, 0},
		{"cursor", data.CollectionActors, "a", data.ItemsQuery{After: "10001"}, 2 * limit},
		// Associations are rare after id 10 001 in the demo (ids come in
		// blocks by kind): a walk of the primary key reads 9 000 rows.
		{"cursor and kind", data.CollectionActors, "a", data.ItemsQuery{After: "10001", Equals: eq("kind", "association")}, 2 * limit},
		{"cursor and a kind absent after it", data.CollectionActors, "a", data.ItemsQuery{After: "10001", Equals: eq("kind", "etat")}, 2 * limit},
		{"cursor and a country abroad", data.CollectionActors, "a", data.ItemsQuery{After: "10001", Equals: eq("country", "DE")}, 2 * limit},
		{"cursor and France", data.CollectionActors, "a", data.ItemsQuery{After: "10001", Equals: eq("country", "FR")}, limit + abroad + 1},
		{"cursor and insertion", data.CollectionActors, "a", data.ItemsQuery{After: "1", Equals: eq("insertion", "true")}, 2 * limit},
		{"cursor and no insertion", data.CollectionActors, "a", data.ItemsQuery{After: "1", Equals: eq("insertion", "false")}, limit + insertion + 1},
		{"cursor and inactive", data.CollectionActors, "a", data.ItemsQuery{After: "10001", Equals: eq("active", "false")}, 2 * limit},
		{"cursor and scale", data.CollectionPartnerships, "p", data.ItemsQuery{After: "6001", Equals: eq("scale", "international")}, 2 * limit},
		// A small bbox is answered from the GiST index, which knows no id
		// order: every actor in the box is read, then sorted. Logged only.
		{"Paris, kind and cursor", data.CollectionActors, "a",
			data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}}, After: "10001", Equals: eq("kind", "association")}, 0},
		{"mainland France, kind and cursor", data.CollectionActors, "a",
			data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{-5, 42}, Max: orb.Point{8, 51}}, After: "10001", Equals: eq("kind", "association")}, 2 * limit},
		{"cursor on codes", data.CollectionCommunes, "t", data.ItemsQuery{After: "45000"}, 2 * limit},
		// Logged only: the région's index and the code index in code order,
		// filtered, cost the planner the same (165 against 164.8 on the
		// demo), since it cannot know that a région's communes cluster in
		// code order; either way the page takes about 2 ms.
		{"cursor on codes and région", data.CollectionCommunes, "t", data.ItemsQuery{After: "45000", Equals: eq("region", "84")}, 0},
		{"cursor on codes and density", data.CollectionCommunes, "t", data.ItemsQuery{After: "45000", Equals: eq("density_class", "1")}, 2 * limit},
	}
	for _, c := range cases {
		src, _ := sourceOf(c.collection)
		c.q.Limit = limit
		p, err := featuresPlan(src, c.q)
		if err != nil {
			t.Fatal(err)
		}
		var out []byte
		if err := s.pool.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+p.sql, p.args...).Scan(&out); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var plans []struct{ Plan planNode }
		if err := json.Unmarshal(out, &plans); err != nil || len(plans) != 1 {
			t.Fatalf("%s: EXPLAIN output: %v", c.name, err)
		}
		read := rowsRead(plans[0].Plan, c.alias)
		t.Logf("%s %s: %.0f rows of %s read for a page of %d", c.collection, c.name, read, c.alias, limit)
		if c.maxRows > 0 && read > c.maxRows {
			t.Errorf("%s %s: %.0f rows read, want at most %.0f; plan:\n%s", c.collection, c.name, read, c.maxRows, out)
		}
	}
}
