package dataset_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/geo"
)

func readRNAFile(t *testing.T, name string) ([]geo.Actor, dataset.RNAReport, error) {
	t.Helper()
	return readRegistry(t, name, dataset.ReadRNA)
}

// TestReadRNA reads a sample written to the RNA's waldec layout, in
// ISO-8859-1 as published, gzipped, and in UTF-8: the same actors, names
// with their accents. Expectations are written by hand from its lines.
func TestReadRNA(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"rna_latin1.csv", "rna_latin1.csv.gz", "rna_utf8.csv"} {
		got, rep, err := readRNAFile(t, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := (dataset.RNAReport{Lines: 5, Kept: 3, WithSIRET: 1, Dissolved: 1, UnknownCommune: 1}); rep != want {
			t.Errorf("%s: report %+v, want %+v", name, rep, want)
		}
		type actor struct {
			id                        int64
			rna, siren, name, commune string
			domains                   string
		}
		// An association without a SIRET: 9 × 10¹⁴ plus its RNA number's
		// nine characters in base 36, computed here digit by digit.
		base36 := func(s string) int64 {
			var n int64
			for _, c := range s {
				n = n*36 + int64(c-'0')
			}
			return n
		}
		// Domains from the social object codes' first three digits, the
		// JOAFE's general themes: 017 santé; 006 culture and 034 tourisme
		// (no domain); 019 interventions sociales and 011 sports, listed in
		// the domains' order.
		want := []actor{
			{900_000_000_000_000 + base36("691234567"), "W691234567", "", "Association des Gônes solidaires", "69123", "sante"},
			{78221695600012, "W751000123", "782216956", "Théâtre de l'Été", "97411", "culture"},
			{900_000_000_000_000 + base36("974000456"), "W974000456", "", "Réunion Sport", "97411", "sport,solidarite"},
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d actors: %+v", name, len(got), got)
		}
		for i, w := range want {
			a := got[i]
			var domains []string
			for _, d := range a.Domains {
				domains = append(domains, string(d))
			}
			if g := (actor{a.ID, a.RNA, a.SIREN, a.Name, a.CommuneCode, strings.Join(domains, ",")}); g != w || a.Kind != geo.KindAssociation || a.Precision != geo.PrecisionCommune {
				t.Errorf("%s: actor %d is %+v (%s, %s), want %+v", name, i, g, a.Kind, a.Precision, w)
			}
		}
	}
}

func TestReadRNABadRows(t *testing.T) {
	t.Parallel()
	_, _, err := readRNAFile(t, "rna_bad.csv")
	var ie *data.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an *ImportError", err)
	}
	var lines []string
	for _, r := range ie.Rows {
		s := string(rune('0' + r.Line))
		for _, f := range r.Fields {
			s += ":" + f.Field
		}
		lines = append(lines, s)
	}
	if got, want := strings.Join(lines, ","), "3:id,4:siret:position,5,6:objet_social2"; got != want {
		t.Errorf("bad rows %s, want %s (%v)", got, want, ie)
	}
}

// TestReadRegistriesKnownClosed: a dissolved association that is already
// loaded (Options.KnownActor) is handed on marked inactive; without
// KnownActor, or unknown, it is left out.
func TestReadRegistriesKnownClosed(t *testing.T) {
	t.Parallel()
	// The sample's W691234567 (Gônes solidaires, Lyon), dissolved here:
	// 9 × 10¹⁴ plus 691234567 read in base 36.
	var n int64
	for _, c := range "691234567" {
		n = n*36 + int64(c-'0')
	}
	gones := 900_000_000_000_000 + n
	body, err := os.ReadFile("testdata/rna_utf8.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(body), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "W691234567;") {
			lines[i] = strings.Replace(l, ";A;2024", ";D;2024", 1)
		}
	}
	body = []byte(strings.Join(lines, "\n"))
	for _, known := range []bool{false, true} {
		o := dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())}
		if known {
			o.KnownActor = func(id int64) bool { return id == gones }
		}
		var got []geo.Actor
		rep, err := dataset.ReadRNA(bytes.NewReader(body), o, func(a geo.Actor) error { got = append(got, a); return nil })
		if err != nil {
			t.Fatal(err)
		}
		var inactive []int64
		for _, a := range got {
			if a.Inactive {
				inactive = append(inactive, a.ID)
			}
		}
		switch {
		case known && (len(inactive) != 1 || inactive[0] != gones || rep.Inactive != 1 || rep.Dissolved != 1 || rep.Kept != 2):
			t.Errorf("known: inactive %v, report %+v; want [%d], 1 inactive, 2 kept, the other dissolved left out", inactive, rep, gones)
		case !known && (len(inactive) != 0 || rep.Inactive != 0 || rep.Dissolved != 2 || rep.Kept != 2):
			t.Errorf("unknown: inactive %v, report %+v; want both dissolved left out", inactive, rep)
		}
	}
}
