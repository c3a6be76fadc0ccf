package postgis

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// TestFlowAnchorsFollowChanges: Flows keeps the territories' anchors
// between data versions, yet a change of a territory (which bumps the
// indicators' version) shows at once, and a write of partnerships (which
// does not) leaves them right.
func TestFlowAnchorsFollowChanges(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	anchor := func() geo.FlowAnchor {
		t.Helper()
		sum, err := s.Flows(ctx, geo.LevelDepartement, data.ItemsQuery{})
		if err != nil {
			t.Fatal(err)
		}
		a, ok := sum.Anchors["84"]
		if !ok {
			t.Fatal("no Vaucluse among the flows' anchors")
		}
		return a
	}
	before := anchor()
	if before.Name != "Vaucluse" || before.Point.X() == 0 {
		t.Fatalf("Vaucluse's anchor: %+v", before)
	}
	if again := anchor(); again != before {
		t.Fatalf("the same version gave %+v, then %+v", before, again)
	}
	if _, err := s.pool.Exec(ctx, "UPDATE territories SET name = 'Vaucluse (renamed)', geom = ST_Translate(geom, 1, 0) WHERE level = 'departement' AND code = '84'"); err != nil {
		t.Fatal(err)
	}
	after := anchor()
	if after.Name != "Vaucluse (renamed)" || after.Point.X() <= before.Point.X()+0.5 {
		t.Errorf("after the change: %+v, want the new name and a point 1° further east than %v", after, before.Point)
	}
	if _, err := s.pool.Exec(ctx, "UPDATE partnerships SET stage = 'evaluation' WHERE id = (SELECT min(id) FROM partnerships WHERE id <> 107)"); err != nil {
		t.Fatal(err)
	}
	if a := anchor(); a != after {
		t.Errorf("after a write of partnerships: %+v, want %+v", a, after)
	}
}
