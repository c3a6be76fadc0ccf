package postgis

import (
	"context"
	"reflect"
	"testing"

	"github.com/maillage/maillage/data"
)

// TestExtentFromTheEdges holds Extent, which reads the rows beyond lines
// drawn from the planner's statistics, to one scan of every row
// (extentPlan), on every collection: with statistics of the rows, then
// with statistics the rows have moved away from (the west edge moved 60°
// inward, an actor far to the east, the dates changed), then with a
// collection emptied since its statistics.
func TestExtentFromTheEdges(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	exec := func(sql string) {
		t.Helper()
		if _, err := s.pool.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	compare := func(stage string) {
		t.Helper()
		for _, c := range data.Catalog() {
			src, ok := sourceOf(c.ID)
			if !ok {
				continue
			}
			var want extentRow
			p := extentPlan(src)
			if err := s.pool.QueryRow(ctx, p.sql, p.args...).Scan(&want.minX, &want.minY, &want.maxX, &want.maxY, &want.first, &want.last); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			b, iv, err := s.Extent(ctx, c.ID)
			if err != nil {
				t.Fatalf("%s, Extent(%s): %v", stage, c.ID, err)
			}
			if b != want.bound() || !reflect.DeepEqual(iv, want.interval()) {
				t.Errorf("%s, Extent(%s): got %v %v, want %v %v", stage, c.ID, b, iv, want.bound(), want.interval())
			}
		}
	}
	exec("ANALYZE")
	for _, table := range []string{"actors", "partnerships", "territories", "alliances"} {
		var known bool
		if err := s.pool.QueryRow(ctx, "SELECT ST_EstimatedExtent($1, 'geom') IS NOT NULL", table).Scan(&known); err != nil || !known {
			t.Fatalf("no statistics for %s after ANALYZE (%v): the edges would not be tried", table, err)
		}
	}
	compare("statistics of the rows")

	exec("UPDATE actors SET geom = ST_SetSRID(ST_MakePoint(ST_X(geom) + 60, ST_Y(geom)), 4326) WHERE ST_X(geom) < -10")
	exec("UPDATE actors SET geom = ST_SetSRID(ST_MakePoint(170, -45), 4326) WHERE id = (SELECT max(id) FROM actors)")
	exec("UPDATE partnerships SET end_date = NULL WHERE id = (SELECT min(id) FROM partnerships)")
	exec("UPDATE partnerships SET start_date = start_date - 3650 WHERE id = (SELECT max(id) FROM partnerships)")
	exec("UPDATE territories SET geom = ST_Translate(geom, 0, 5) WHERE level = 'region' AND ST_YMax(geom) > 50")
	compare("statistics older than the rows")

	exec("DELETE FROM alliance_members")
	exec("DELETE FROM alliances")
	compare("a collection emptied")
}
