package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data/dataset"
)

// TestImport migrates a fresh database, imports the test dataset file by
// file, then a file with bad rows: that one must be refused whole, with
// every bad line printed and a non-zero exit.
func TestImport(t *testing.T) {
	t.Parallel()
	env := map[string]string{"MAILLAGE_DATABASE_URL": migratedDatabaseURL(t)}
	ctx := context.Background()
	files := []struct{ kind, file string }{
		{"territories", "territories.geojson"}, {"indicators", "indicators.csv"},
		{"indicator-values", "indicator_values.csv"}, {"actors", "actors.csv"},
		{"partnerships", "partnerships.csv"}, {"alliances", "alliances.csv"},
		{"alliance-members", "alliance_members.csv"},
	}
	for _, f := range files {
		code, out, errOut := run(t, ctx, env, "import", f.kind, filepath.Join("testdata", "dataset", f.file))
		if code != 0 {
			t.Fatalf("import %s: exit %d: %s", f.kind, code, errOut)
		}
		if !strings.Contains(out, "imported as "+f.kind) {
			t.Errorf("import %s: stdout %q", f.kind, out)
		}
		if !strings.Contains(errOut, "rows read in") {
			t.Errorf("import %s: no plain progress line on a non-terminal: %q", f.kind, errOut)
		}
	}

	// Indicator values in the binary form `maillage demo --out` writes: a
	// year the CSV lacks, so the rows found are the binary file's.
	ds, err := dataset.Read(os.DirFS(filepath.Join("testdata", "dataset")))
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.IndicatorValues {
		ds.IndicatorValues[i].Year = 2019
	}
	bin, err := dataset.EncodeIndicatorValuesBinary(ds)
	if err != nil {
		t.Fatal(err)
	}
	binFile := filepath.Join(t.TempDir(), dataset.FileIndicatorValuesBinary+".gz")
	if err := os.WriteFile(binFile, bin, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, ctx, env, "import", "indicator-values", binFile); code != 0 || !strings.Contains(out, "1 row(s) imported") {
		t.Fatalf("import of binary values: exit %d: %s %s", code, out, errOut)
	}
	conn, err := pgx.Connect(ctx, env["MAILLAGE_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var value float64
	if err := conn.QueryRow(ctx, "SELECT value FROM indicator_values WHERE indicator = 'chomage' AND territory = '69123' AND year = 2019").Scan(&value); err != nil || value != 8.5 {
		t.Errorf("the binary file's row: value %v, %v; want 8.5", value, err)
	}
	// The same bytes named as a CSV are refused, not misread.
	csvNamed := filepath.Join(t.TempDir(), "values.csv.gz")
	if err := os.WriteFile(csvNamed, bin, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := run(t, ctx, env, "import", "indicator-values", csvNamed); code == 0 {
		t.Error("binary values named .csv.gz: imported with exit 0")
	}

	bad := filepath.Join(t.TempDir(), "bad_actors.csv")
	body := "id,name,kind,commune\n" +
		"10,Bonne association,association,69123\n" +
		"11,Sans type,,69123\n" +
		"12,Commune inconnue,entreprise,99999\n"
	if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, ctx, env, "import", "actors", bad)
	if code == 0 {
		t.Fatalf("a file with bad rows imported with exit 0: %s", errOut)
	}
	for _, want := range []string{"line 3", "line 4", "nothing imported", "1 of 1 file(s) rejected"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "line 2:") {
		t.Errorf("the good row was reported:\n%s", errOut)
	}

	// Migrating again changes nothing and succeeds.
	if code, _, errOut := run(t, ctx, env, "migrate"); code != 0 {
		t.Fatalf("second migrate: exit %d: %s", code, errOut)
	}
}

// TestDemoLoad puts the embedded demo into a fresh database.
func TestDemoLoad(t *testing.T) {
	t.Parallel()
	env := map[string]string{"MAILLAGE_DATABASE_URL": testDatabaseURL(t)}
	code, _, errOut := run(t, context.Background(), env, "demo", "load")
	if code != 0 {
		t.Fatalf("demo load: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "demo loaded") {
		t.Errorf("no completion log: %s", errOut)
	}
}

// TestImportDataset imports the test dataset as a directory, in one
// transaction, then a copy of it with a bad actor: refused with its line,
// and nothing of that copy written, not even its good files.
func TestImportDataset(t *testing.T) {
	t.Parallel()
	url := migratedDatabaseURL(t)
	env := map[string]string{"MAILLAGE_DATABASE_URL": url}
	ctx := context.Background()
	dir := filepath.Join("testdata", "dataset")
	code, out, errOut := run(t, ctx, env, "import", "dataset", dir)
	if code != 0 || !strings.Contains(out, "imported as dataset") {
		t.Fatalf("import dataset: exit %d: %s %s", code, out, errOut)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	count := func(table string) (n int) {
		t.Helper()
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ds, err := dataset.Read(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"territories": len(ds.Territories), "actors": len(ds.Actors),
		"partnerships": len(ds.Partnerships), "indicator_values": len(ds.IndicatorValues)} {
		if got := count(table); got != want || want == 0 {
			t.Errorf("%s: %d rows, want %d", table, got, want)
		}
	}

	var author string
	if err := conn.QueryRow(ctx, "SELECT string_agg(DISTINCT author, ', ') FROM history").Scan(&author); err != nil || author != "import of "+dir {
		t.Errorf("history's authors: %q, %v; want %q", author, err, "import of "+dir)
	}

	// Copies with one more indicator value, one more actor and a bad row
	// in the file read last but one or last (the import writes each part
	// while it reads the next): refused whole.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, row string }{
		{"actors.csv", "99,Sans commune connue,entreprise,,,99999,FR,,,,,,,,,\n"},
		{"partnerships.csv", "99,1,404,mecenat,sport,2020-01-01,\n"},
	} {
		bad := t.TempDir()
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			switch e.Name() {
			case c.file:
				b = append(b, c.row...)
			case "indicator_values.csv":
				b = append(b, "chomage,69123,2019,7.5,19500,260000\n"...)
			}
			if c.file == "partnerships.csv" && e.Name() == "actors.csv" {
				b = append(b, "98,Nouvel acteur,association,,,69123,FR,,,,,,,,,\n"...)
			}
			if err := os.WriteFile(filepath.Join(bad, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		values, actors := count("indicator_values"), count("actors")
		code, _, errOut = run(t, ctx, env, "import", "dataset", bad)
		if code == 0 || !strings.Contains(errOut, c.file) || !strings.Contains(errOut, "line ") {
			t.Fatalf("a directory with a bad row in %s: exit %d: %s", c.file, code, errOut)
		}
		if got, gotActors := count("indicator_values"), count("actors"); got != values || gotActors != actors {
			t.Errorf("bad %s: the refused directory was written: %d values, %d actors; want %d, %d", c.file, got, gotActors, values, actors)
		}
	}
}
