package dataset_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
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
