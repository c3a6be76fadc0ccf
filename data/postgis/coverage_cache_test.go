package postgis

import (
	"context"
	"testing"

	"github.com/maillage/maillage/geo"
)

// TestCoverageTerritoriesFollowChanges: Coverage keeps a level's
// territories between data versions, yet a change of a territory (which
// bumps the indicators' version) shows at once, and a write of
// partnerships (which does not) still moves the counts.
func TestCoverageTerritoriesFollowChanges(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	nameOf := func() (string, int) {
		cs, err := s.Coverage(ctx, geo.LevelDepartement, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Code == "84" {
				return c.Name, c.Partnerships
			}
		}
		t.Fatal("no Vaucluse in the coverage")
		return "", 0
	}
	name, n := nameOf()
	if name != "Vaucluse" || n != 1 { // 107
		t.Fatalf("Vaucluse: %q with %d partnerships", name, n)
	}
	if _, err := s.pool.Exec(ctx, "UPDATE territories SET name = 'Vaucluse (renamed)' WHERE level = 'departement' AND code = '84'"); err != nil {
		t.Fatal(err)
	}
	if name, _ := nameOf(); name != "Vaucluse (renamed)" {
		t.Errorf("after the rename, Coverage names it %q", name)
	}
	if _, err := s.pool.Exec(ctx, "DELETE FROM partnerships WHERE id = 107"); err != nil {
		t.Fatal(err)
	}
	if name, n := nameOf(); name != "Vaucluse (renamed)" || n != 0 {
		t.Errorf("after 107 is gone: %q with %d partnerships, want the renamed Vaucluse with none", name, n)
	}
}
