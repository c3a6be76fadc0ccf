package dataset_test

import (
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/geo"
)

// readRegistry reads a testdata file (plain or gzip) of a registry with
// the sample's territories, keeping the actors its reader yields.
func readRegistry[R any](t *testing.T, name string, read func(io.Reader, dataset.Options, func(geo.Actor) error) (R, error)) ([]geo.Actor, R, error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	body := dataset.Decompress(f)
	var got []geo.Actor
	rep, err := read(body, dataset.Options{Name: name, Resolver: dataset.IndexOf(datasettest.Sample())},
		func(a geo.Actor) error { got = append(got, a); return nil })
	return got, rep, err
}

func readSireneFile(t *testing.T, name string) ([]geo.Actor, dataset.SireneReport, error) {
	t.Helper()
	return readRegistry(t, name, dataset.ReadSirene)
}

// TestReadSirene reads a sample written to INSEE's published layout of
// StockEtablissement (every column of the 2024 file, most left empty).
// The expectations are written by hand from the sample's lines.
func TestReadSirene(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sirene_good.csv", "sirene_good.csv.gz"} {
		got, rep, err := readSireneFile(t, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := dataset.SireneReport{Lines: 8, Kept: 5, AtCommune: 4, Partial: 1, Closed: 1, Abroad: 1, UnknownCommune: 1}
		if rep != want {
			t.Errorf("%s: report %+v, want %+v", name, rep, want)
		}
		type actor struct {
			id                  int64
			name, commune, kind string
			sector              geo.Sector
			employees           int
			employer            bool
			precision           geo.Precision
		}
		wantActors := []actor{
			{55203253400017, `Danone, "usine" de Lyon`, "69123", "entreprise", geo.SectorIndustrie, 250, true, geo.PrecisionExact},
			{44306184100047, "Établissement 44306184100047", "75056", "entreprise", geo.SectorServices, 6, true, geo.PrecisionCommune},
			{21690123100010, "Mairie de Lyon", "69123", "collectivite", geo.SectorPublic, 10000, true, geo.PrecisionCommune},
			{78221695600012, "Réunion Solidaire", "97411", "association", "", 0, false, geo.PrecisionCommune},
			{13000548100018, "Service de l'État", "75056", "etat", geo.SectorPublic, 100, true, geo.PrecisionCommune},
		}
		if len(got) != len(wantActors) {
			t.Fatalf("%s: %d actors, want %d: %+v", name, len(got), len(wantActors), got)
		}
		for i, w := range wantActors {
			a := got[i]
			g := actor{a.ID, a.Name, a.CommuneCode, string(a.Kind), a.Sector, a.Employees, a.Employer, a.Precision}
			if g != w {
				t.Errorf("%s: actor %d is %+v, want %+v", name, i, g, w)
			}
		}
		// Lambert-93 (842395.1, 6519229.4) is (4.8320, 45.7578), by
		// PostGIS's ST_Transform.
		if p := got[0].Location; math.Abs(p[0]-4.8320) > 2e-6 || math.Abs(p[1]-45.7578) > 2e-6 {
			t.Errorf("Danone's point %v, want (4.8320, 45.7578)", p)
		}
		if got[1].SIREN != "443061841" || got[1].Location == (got[0].Location) {
			t.Errorf("the partial one: %+v", got[1])
		}
	}
}

// TestReadSireneBadRows: a bad line refuses the file, each listed with its
// line and fields.
func TestReadSireneBadRows(t *testing.T) {
	t.Parallel()
	_, _, err := readSireneFile(t, "sirene_bad.csv")
	var ie *data.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an *ImportError", err)
	}
	var lines []string
	for _, r := range ie.Rows {
		var fields []string
		for _, f := range r.Fields {
			fields = append(fields, f.Field)
		}
		lines = append(lines, strings.Join(append([]string{string(rune('0' + r.Line))}, fields...), ":"))
	}
	want := "4:siret,5:siren:etatAdministratifEtablissement:trancheEffectifsEtablissement,6"
	if got := strings.Join(lines, ","); got != want {
		t.Errorf("bad rows %s, want %s (%v)", got, want, ie)
	}
}

func TestCommuneOfArrondissement(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"75101": "75056", "75120": "75056", "75121": "75121", "69381": "69123",
		"69389": "69123", "13201": "13055", "13216": "13055", "13217": "13217", "2A004": "2A004", "69123": "69123"} {
		if got := geo.CommuneOfArrondissement(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}
