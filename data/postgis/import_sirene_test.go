package postgis

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
)

// TestImportSirene imports a SIRENE sample (dataset's testdata, INSEE's
// layout) twice, gzipped the second time: the same actors, keyed by SIRET,
// and the second import changes no row and records no history.
func TestImportSirene(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	history := func() int {
		var n int
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM history WHERE collection = 'actors' AND operation <> 'load'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	importFile := func(name string) data.ImportResult {
		f, err := os.Open("../dataset/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		res, err := s.Import(ctx, data.ImportRequest{Kind: data.ImportSirene, Name: name, Body: f})
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		return res
	}
	before := history()
	res := importFile("sirene_good.csv")
	if res.Rows != 5 || !strings.Contains(res.Summary, "1 closed") {
		t.Fatalf("first import: %+v", res)
	}
	var kinds, precisions string
	if err := s.pool.QueryRow(ctx, `SELECT string_agg(kind, ',' ORDER BY id), string_agg(precision, ',' ORDER BY id)
	    FROM actors WHERE id > 10000000000`).Scan(&kinds, &precisions); err != nil {
		t.Fatal(err)
	}
	// By SIRET: État, Mairie, Paris (partial), Danone, Réunion.
	if kinds != "etat,collectivite,entreprise,entreprise,association" || precisions != "commune,commune,commune,exact,commune" {
		t.Errorf("imported kinds %s, precisions %s", kinds, precisions)
	}
	afterFirst := history()
	if afterFirst != before+5 {
		t.Errorf("the first import recorded %d history rows, want 5", afterFirst-before)
	}
	digest := digests(t, s)
	res = importFile("sirene_good.csv.gz")
	if res.Rows != 5 {
		t.Errorf("second import: %+v", res)
	}
	for table, d := range digests(t, s) {
		if digest[table] != d {
			t.Errorf("the second import changed %s", table)
		}
	}
	if n := history(); n != afterFirst {
		t.Errorf("the second import recorded %d history rows", n-afterFirst)
	}
	// A bad file writes nothing.
	f, err := os.Open("../dataset/testdata/sirene_bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.Import(ctx, data.ImportRequest{Kind: data.ImportSirene, Name: "bad.csv", Body: f}); err == nil {
		t.Fatal("the bad file was imported")
	}
	for table, d := range digests(t, s) {
		if digest[table] != d {
			t.Errorf("the refused file changed %s", table)
		}
	}
}

// TestImportRNAMergesWithSirene: an association of the RNA that has a
// SIRET is the same actor as its SIRENE establishment (78221695600012,
// "Réunion Solidaire" in the SIRENE sample): one row, taking the RNA's
// name and number; the Latin-1 extract imported twice changes nothing the
// second time.
func TestImportRNAMergesWithSirene(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	importFile := func(kind data.ImportKind, name string) data.ImportResult {
		f, err := os.Open("../dataset/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		res, err := s.Import(ctx, data.ImportRequest{Kind: kind, Name: name, Body: f})
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		return res
	}
	importFile(data.ImportSirene, "sirene_good.csv")
	if res := importFile(data.ImportRNA, "rna_latin1.csv"); res.Rows != 3 || !strings.Contains(res.Summary, "1 dissolved") {
		t.Fatalf("RNA import: %+v", res)
	}
	var kind, rna, name, domains string
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT kind, rna, name, array_to_string(domains, ','), (SELECT count(*) FROM actors WHERE siren = '782216956') FROM actors WHERE id = 78221695600012").
		Scan(&kind, &rna, &name, &domains, &n); err != nil {
		t.Fatal(err)
	}
	// Its social objects are 006030 (culture) and 034000 (tourism: no
	// domain).
	if kind != "association" || rna != "W751000123" || name != "Théâtre de l'Été" || domains != "culture" || n != 1 {
		t.Errorf("the association with a SIRET: %s %s %q, domains %q, %d actors of its SIREN", kind, rna, name, domains, n)
	}
	digest := digests(t, s)
	importFile(data.ImportRNA, "rna_latin1.csv.gz")
	for table, d := range digests(t, s) {
		if digest[table] != d {
			t.Errorf("the second RNA import changed %s", table)
		}
	}
}
