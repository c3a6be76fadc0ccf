package dataset_test

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/geo"
)

func TestDerive(t *testing.T) {
	t.Parallel()
	ds := datasettest.Sample()
	// Break the derived fields: Derive must overwrite them all.
	for i := range ds.Partnerships {
		ds.Partnerships[i].Scale = "bogus"
	}
	ds.Territories[0].Alliances = geo.AllianceHistory{Count: 9, FirstYear: 1900}
	if err := dataset.Derive(ds); err != nil {
		t.Fatal(err)
	}
	wantScale := map[int64]geo.Scale{1: geo.ScaleLocal, 2: geo.ScaleRegional, 3: geo.ScaleNational, 4: geo.ScaleInternational, 5: geo.ScaleLocal}
	for _, p := range ds.Partnerships {
		if p.Scale != wantScale[p.ID] {
			t.Errorf("partnership %d: got scale %s, want %s", p.ID, p.Scale, wantScale[p.ID])
		}
	}
	// Région 84 counts both alliances; département 84 (Vaucluse) none.
	wantHistory := map[dataset.TerritoryKey]geo.AllianceHistory{
		{Level: geo.LevelCommune, Code: "69123"}:  {Count: 1, FirstYear: 2012},
		{Level: geo.LevelEPCI, Code: "200046977"}: {Count: 1, FirstYear: 2012},
		{Level: geo.LevelDepartement, Code: "69"}: {Count: 2, FirstYear: 2012},
		{Level: geo.LevelRegion, Code: "84"}:      {Count: 2, FirstYear: 2012},
	}
	for _, ter := range ds.Territories {
		t.Run(string(ter.Level)+" "+ter.Code, func(t *testing.T) {
			t.Parallel()
			if got, want := ter.Alliances, wantHistory[dataset.TerritoryKey{Level: ter.Level, Code: ter.Code}]; got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestDeriveReportsDanglingReferences(t *testing.T) {
	t.Parallel()
	ds := datasettest.Sample()
	ds.Partnerships[0].ActorB = 99
	ds.Alliances[1].TerritoryCode, ds.Alliances[1].TerritoryLevel = "13", ""
	ds.Alliances[0].TerritoryCode, ds.Alliances[0].TerritoryLevel = "84", geo.LevelCommune
	err := dataset.Derive(ds)
	if err == nil {
		t.Fatal("got nil error, want three dangling references")
	}
	for _, want := range []string{"partnership 1 names a missing actor", `alliance 2 names a missing territory "13" (level "")`,
		`alliance 1 names a missing territory "84" (level "commune")`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to contain %q", err, want)
		}
	}
}

func TestDeriveBareCodeAndUnknownYear(t *testing.T) {
	t.Parallel()
	ds := datasettest.Sample()
	// "84" without a level is the département (Vaucluse), not the région.
	ds.Alliances[1].TerritoryCode, ds.Alliances[1].TerritoryLevel, ds.Alliances[1].StartYear = "84", "", 0
	if err := dataset.Derive(ds); err != nil {
		t.Fatal(err)
	}
	if got := ds.Alliances[1].TerritoryLevel; got != geo.LevelDepartement {
		t.Errorf("alliance 2 level: got %q, want departement", got)
	}
	want := map[dataset.TerritoryKey]geo.AllianceHistory{
		{Level: geo.LevelDepartement, Code: "84"}: {Count: 1, FirstYear: 0}, // unknown year sets none
		{Level: geo.LevelRegion, Code: "93"}:      {Count: 1, FirstYear: 0},
		{Level: geo.LevelRegion, Code: "84"}:      {Count: 1, FirstYear: 2012},
		{Level: geo.LevelDepartement, Code: "69"}: {Count: 1, FirstYear: 2012},
	}
	for _, ter := range ds.Territories {
		if w, ok := want[dataset.TerritoryKey{Level: ter.Level, Code: ter.Code}]; ok && ter.Alliances != w {
			t.Errorf("%s %s: got %+v, want %+v", ter.Level, ter.Code, ter.Alliances, w)
		}
	}
}

func TestResolveCode(t *testing.T) {
	t.Parallel()
	idx := dataset.IndexOf(datasettest.Sample())
	cases := []struct {
		code      string
		preferred geo.Level
		want      geo.Level
		ok        bool
	}{
		{"84", "", geo.LevelDepartement, true},
		{"84", geo.LevelRegion, geo.LevelRegion, true},
		{"84", geo.LevelCommune, geo.LevelDepartement, true}, // no commune 84: the bare-code rule
		{"11", "", geo.LevelRegion, true},
		{"69123", geo.LevelDepartement, geo.LevelCommune, true},
		{"200046977", "", geo.LevelEPCI, true},
		{"99", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.code+" "+string(c.preferred), func(t *testing.T) {
			t.Parallel()
			ref, ok := dataset.ResolveCode(idx, c.code, c.preferred)
			if ok != c.ok || ref.Level != c.want {
				t.Errorf("got %s, %v; want %s, %v", ref.Level, ok, c.want, c.ok)
			}
		})
	}
}
