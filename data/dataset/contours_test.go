package dataset_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The contours of Lyon and Villeurbanne, the two communes of the fixture's
// Métropole de Lyon: adjacent squares sharing an edge.
const fixtureContours = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"69123","properties":{},"geometry":{"type":"Polygon","coordinates":[[[4.80,45.74],[4.86,45.74],[4.86,45.78],[4.80,45.78],[4.80,45.74]]]}},
{"type":"Feature","properties":{"code":"69266"},"geometry":{"type":"MultiPolygon","coordinates":[[[[4.86,45.74],[4.92,45.74],[4.92,45.78],[4.86,45.78],[4.86,45.74]]]]}}]}`

// TestReadContours reads a dataset directory with a contours file, as the
// embedded store does: the communes get their areas, their EPCI the union
// of both, and the Rhône, whose other communes are points, keeps its own.
// The same file into PostGIS is postgis.TestImportContours.
func TestReadContours(t *testing.T) {
	dir := t.TempDir()
	fixture := storetest.Fixture()
	if err := dataset.Write(dir, fixture); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, dataset.FileContours), []byte(fixtureContours), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Read(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	find := func(ts []geo.Territory, level geo.Level, code string) geo.Territory {
		for _, tr := range ts {
			if tr.Level == level && tr.Code == code {
				return tr
			}
		}
		t.Fatalf("no %s %s", level, code)
		return geo.Territory{}
	}
	square := 0.06 * 0.04
	for _, c := range []struct {
		level geo.Level
		code  string
		area  float64
	}{
		{geo.LevelCommune, "69123", square},
		{geo.LevelCommune, "69266", square},
		{geo.LevelEPCI, "200046977", 2 * square},
	} {
		tr := find(ds.Territories, c.level, c.code)
		mp, ok := tr.Geometry.(orb.MultiPolygon)
		if !ok || tr.Approximate {
			t.Fatalf("%s %s: %T, approximate %v; want an area", c.level, c.code, tr.Geometry, tr.Approximate)
		}
		a := 0.0
		for _, p := range mp {
			a += math.Abs(planar.Area(p[0]))
		}
		if math.Abs(a-c.area) > 1e-9 {
			t.Errorf("%s %s: area %v, want %v", c.level, c.code, a, c.area)
		}
		if c.level == geo.LevelEPCI && (len(mp) != 1 || len(mp[0]) != 1) {
			t.Errorf("the EPCI is %d polygons, want one rectangle", len(mp))
		}
	}
	if got, want := find(ds.Territories, geo.LevelDepartement, "69").Geometry, find(fixture.Territories, geo.LevelDepartement, "69").Geometry; !orb.Equal(got, want) {
		t.Errorf("département 69 changed: %v, want %v", got, want)
	}

	// A commune the file names but the dataset lacks: the line is named.
	bad := fixtureContours[:len(fixtureContours)-2] +
		`,{"type":"Feature","id":"69999","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`
	if err := os.WriteFile(filepath.Join(dir, dataset.FileContours), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = dataset.Read(os.DirFS(dir))
	var ie *data.ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 3 {
		t.Errorf("unknown commune: %v, want one bad row at line 3", err)
	}
}
