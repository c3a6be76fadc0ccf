package dataset_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/geo"
)

// fileReaders are the readers of every import file kind, as `maillage
// import` and the HTTP import call them on a user's file.
var fileReaders = []struct {
	name string
	csv  bool // its bad rows are lines of the file (GeoJSON's are features)
	read func(io.Reader, dataset.Options) error
}{
	{"territories", false, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadTerritories(r, o); return err }},
	{"contours", false, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadContours(r, o); return err }},
	{"indicators", true, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadIndicators(r, o); return err }},
	{"indicator values", true, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadIndicatorValues(r, o); return err }},
	{"indicator values, binary", false, func(r io.Reader, o dataset.Options) error {
		_, err := dataset.ReadIndicatorValuesBinary(r, o)
		return err
	}},
	{"actors", true, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadActors(r, o); return err }},
	{"actors, GeoJSON", false, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadActorsGeoJSON(r, o); return err }},
	{"partnerships", true, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadPartnerships(r, o); return err }},
	{"alliances", true, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadAlliances(r, o); return err }},
	{"alliance members", true, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadAllianceMembers(r, o); return err }},
	{"sirene", true, func(r io.Reader, o dataset.Options) error {
		_, err := dataset.ReadSirene(r, o, func(geo.Actor) error { return nil })
		return err
	}},
	{"rna", true, func(r io.Reader, o dataset.Options) error {
		_, err := dataset.ReadRNA(r, o, func(geo.Actor) error { return nil })
		return err
	}},
}

// FuzzReadFiles hands arbitrary bytes to every file reader: an import file
// is whatever a user sends. None may panic or hang, and each either reads
// the file or refuses it as bad rows (a *data.ImportError, which the HTTP
// import answers 422 with the rows; any other error would be a 500), with
// at least one row, each of a CSV file on one of its lines (the header is
// line 1). The seeds are a good file of each kind.
func FuzzReadFiles(f *testing.F) {
	for _, seed := range []string{
		actorHeader + goodActor,
		partnershipHeader + "10,1,2,mecenat,culture,2020-01-01,\n11,1,3,mecenat,culture,2020-01-01,2021-06-30\n",
		indicatorHeader + "neet,Jeunes NEET,emploi,%,INSEE,2020,commune,true,ratio,100,true,insertion_emploi;education_jeunesse\n",
		"indicator,territory,year,value,numerator,denominator\npauvrete,69123,2020,12.5,,\n",
		"id,name,territory,stake,start_year,illustrative\n10,A,69123,culture,2015,false\n",
		"alliance,actor,role\n1,5,financeur\n",
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"69123","name":"Lyon","level":"commune","population":522250},"geometry":{"type":"Point","coordinates":[4.8357,45.764]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"69123"},"geometry":{"type":"Polygon","coordinates":[[[4.8,45.7],[4.9,45.7],[4.9,45.8],[4.8,45.7]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","id":11,"properties":{"name":"B","kind":"association","commune":"69123"},"geometry":{"type":"Point","coordinates":[4.84,45.76]}}]}`,
	} {
		f.Add([]byte(seed))
	}
	for _, name := range []string{"sirene_good.csv", "rna_utf8.csv", "rna_latin1.csv"} {
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	resolver := dataset.IndexOf(datasettest.Sample())
	f.Fuzz(func(t *testing.T, raw []byte) {
		lines := bytes.Count(raw, []byte("\n")) + 1
		for _, r := range fileReaders {
			err := r.read(bytes.NewReader(raw), dataset.Options{Name: "fuzz", Resolver: resolver})
			if err == nil {
				continue
			}
			var ie *data.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("%s reader: error %v (%T), want nil or a *data.ImportError", r.name, err, err)
			}
			if len(ie.Rows) == 0 {
				t.Fatalf("%s reader: an import error without a row: %v", r.name, ie)
			}
			for _, row := range ie.Rows {
				if row.Line < 1 || r.csv && row.Line > lines {
					t.Fatalf("%s reader: bad row on line %d of a file of %d lines: %s", r.name, row.Line, lines, row.Reason)
				}
			}
		}
	})
}
