package dataset_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
)

// equalDatasets reports the first row where got and want differ.
func equalDatasets(t *testing.T, got, want *dataset.Dataset) {
	t.Helper()
	compare := func(name string, g, w any) {
		gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
		if gv.Len() != wv.Len() {
			t.Errorf("%s: got %d rows, want %d", name, gv.Len(), wv.Len())
			return
		}
		for i := range gv.Len() {
			if !reflect.DeepEqual(gv.Index(i).Interface(), wv.Index(i).Interface()) {
				t.Errorf("%s[%d]:\n got %+v\nwant %+v", name, i, gv.Index(i).Interface(), wv.Index(i).Interface())
				return
			}
		}
	}
	compare("Territories", got.Territories, want.Territories)
	compare("Indicators", got.Indicators, want.Indicators)
	compare("IndicatorValues", got.IndicatorValues, want.IndicatorValues)
	compare("Actors", got.Actors, want.Actors)
	compare("Partnerships", got.Partnerships, want.Partnerships)
	compare("Alliances", got.Alliances, want.Alliances)
}

func TestWriteReadRoundTrip(t *testing.T) {
	t.Parallel()
	want := datasettest.Sample()
	dir := t.TempDir()
	if err := dataset.Write(dir, want); err != nil {
		t.Fatalf("Write: %v", err)
	}
	got, err := dataset.Read(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	equalDatasets(t, got, want)
	equalDatasets(t, want, datasettest.Sample()) // Write left its input alone
}

func TestReadPlainFiles(t *testing.T) {
	t.Parallel()
	want := datasettest.Sample()
	files, err := dataset.Encode(want)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		zr, err := gzip.NewReader(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name[:len(f.Name)-3]), plain, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := dataset.Read(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	equalDatasets(t, got, want)
}

func TestReadDirectoryErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		files  map[string]string
		reason string
	}{
		{"no territories", map[string]string{"actors.csv": "id,name,kind\n"}, "territories.geojson (or territories.geojson.gz) is missing"},
		{"plain and gzip", map[string]string{
			"territories.geojson": `{"type":"FeatureCollection","features":[]}`, "territories.geojson.gz": "x"},
			"found territories.geojson and territories.geojson.gz"},
		{"actors twice", map[string]string{
			"territories.geojson": `{"type":"FeatureCollection","features":[]}`,
			"actors.csv":          "id,name,kind\n", "actors.geojson": `{"type":"FeatureCollection","features":[]}`},
			"found actors.csv and actors.geojson"},
		{"first bad file stops the load", map[string]string{
			"territories.geojson": `{"type":"FeatureCollection","features":[]}`,
			"actors.csv":          "id,name,kind,commune\n1,A,entreprise,69123\n",
			"partnerships.csv":    "id,actor_a,actor_b,category,domain,start\n1,1,2,mecenat,culture,2020-01-01\n"},
			"actors.csv: 1 bad row(s), nothing imported\n  line 2: unknown commune \"69123\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, body := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := dataset.Read(os.DirFS(dir))
			if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.reason)) {
				t.Fatalf("Read: got error %v, want one containing %q", err, c.reason)
			}
		})
	}
}

func TestWriteRemovesStaleVariants(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"actors.csv", "actors.geojson", "partnerships.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("stale"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := dataset.Write(dir, datasettest.Sample()); err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Read(os.DirFS(dir)); err != nil {
		t.Fatalf("Read after Write over stale files: %v", err)
	}
}
