package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// testTerritoryProfiles checks that TerritoryProfiles lists each level's
// territories of the fixture in code order, as written there but without
// geometry, with the alliance histories of wantHistory.
func testTerritoryProfiles(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, level := range geo.Levels {
		got, err := s.TerritoryProfiles(ctx, level)
		if err != nil {
			t.Fatalf("TerritoryProfiles(%s): %v", level, err)
		}
		var want []geo.Territory
		for _, tr := range o.ds.Territories {
			if tr.Level == level {
				want = append(want, tr)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("TerritoryProfiles(%s): %d territories, want %d", level, len(got), len(want))
		}
		for i, g := range got {
			w := want[i]
			if g.Code != w.Code || g.Name != w.Name || g.Population != w.Population || g.Typology != w.Typology ||
				g.RegionCode != w.RegionCode || g.DepartementCode != w.DepartementCode || g.EPCICode != w.EPCICode {
				t.Errorf("TerritoryProfiles(%s)[%d]: %+v, want %+v", level, i, g, w)
			}
			if g.Geometry != nil {
				t.Errorf("TerritoryProfiles(%s) %s has a geometry", level, g.Code)
			}
			h := wantHistory()[level][g.Code]
			if g.Alliances.Count != h.count || g.Alliances.FirstYear != h.first {
				t.Errorf("TerritoryProfiles(%s) %s: alliances %+v, want %+v", level, g.Code, g.Alliances, h)
			}
		}
	}
	var fe *data.FilterError
	if _, err := s.TerritoryProfiles(ctx, "canton"); !errors.As(err, &fe) || fe.Property != "level" {
		t.Errorf("TerritoryProfiles(canton): %v, want a FilterError naming level", err)
	}
}
