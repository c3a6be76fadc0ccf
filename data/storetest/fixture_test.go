package storetest

import (
	"os"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// TestFixtureScales checks the hand-written scales against the rule, so a
// wrong expectation is caught here rather than blamed on a store.
func TestFixtureScales(t *testing.T) {
	t.Parallel()
	ds := Fixture()
	communes := map[string]geo.Territory{}
	for _, c := range ds.Territories {
		if c.Level == geo.LevelCommune {
			communes[c.Code] = c
		}
	}
	places := map[int64]geo.Place{}
	for _, a := range ds.Actors {
		places[a.ID] = dataset.ActorPlace(a, dataset.TerritoryPlace(communes[a.CommuneCode]))
	}
	want := wantScales()
	if len(want) != len(ds.Partnerships) {
		t.Fatalf("%d expected scales for %d partnerships", len(want), len(ds.Partnerships))
	}
	for _, p := range ds.Partnerships {
		if got := geo.PartnerScale(places[p.ActorA], places[p.ActorB]); got != want[p.ID] {
			t.Errorf("partnership %d: the rule gives %s, the suite expects %s", p.ID, got, want[p.ID])
		}
	}
}

// TestFixtureReadsBack writes the fixture in the import formats and reads it
// back: every row is one a real import would accept.
func TestFixtureReadsBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := dataset.Write(dir, Fixture()); err != nil {
		t.Fatalf("Write: %v", err)
	}
	ds, err := dataset.Read(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := Fixture()
	if len(ds.Territories) != len(want.Territories) || len(ds.Actors) != len(want.Actors) ||
		len(ds.Partnerships) != len(want.Partnerships) || len(ds.Alliances) != len(want.Alliances) {
		t.Errorf("read back %d territories, %d actors, %d partnerships, %d alliances; want %d, %d, %d, %d",
			len(ds.Territories), len(ds.Actors), len(ds.Partnerships), len(ds.Alliances),
			len(want.Territories), len(want.Actors), len(want.Partnerships), len(want.Alliances))
	}
	for _, p := range ds.Partnerships {
		if p.Scale != wantScales()[p.ID] {
			t.Errorf("dataset.Derive: partnership %d is %s, want %s", p.ID, p.Scale, wantScales()[p.ID])
		}
	}
	for _, tr := range ds.Territories {
		h := wantHistory()[tr.Level][tr.Code]
		if got := tr.Alliances; got != (geo.AllianceHistory{Count: h.count, FirstYear: h.first}) {
			t.Errorf("dataset.Derive: %s %s history %+v, want %+v", tr.Level, tr.Code, got, h)
		}
	}
}
