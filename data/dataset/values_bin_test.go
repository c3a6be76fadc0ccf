package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// valuesFixture is a small sorted dataset: two indicators (a ratio down to
// the communes, a mean down to the départements) and the territories they
// name.
func valuesFixture() *Dataset {
	return &Dataset{
		Territories: []geo.Territory{
			{Code: "01", Name: "Ain", Level: geo.LevelDepartement, RegionCode: "84", Geometry: orb.Point{5.3, 46.1}},
			{Code: "01001", Name: "L'Abergement-Clémenciat", Level: geo.LevelCommune, RegionCode: "84", DepartementCode: "01", Geometry: orb.Point{4.9, 46.15}},
			{Code: "01002", Name: "L'Abergement-de-Varey", Level: geo.LevelCommune, RegionCode: "84", DepartementCode: "01", Geometry: orb.Point{5.4, 46}},
			{Code: "84", Name: "Auvergne-Rhône-Alpes", Level: geo.LevelRegion, Geometry: orb.Point{4.5, 45.5}},
		},
		Indicators: []geo.Indicator{
			{ID: "aah", Label: "AAH", Unit: "%", Aggregation: geo.AggregationRatio, Scale: 100, FinestLevel: geo.LevelCommune},
			{ID: "chomage", Label: "Chômage", Unit: "%", Aggregation: geo.AggregationWeightedMean, Scale: 1, FinestLevel: geo.LevelDepartement},
		},
		IndicatorValues: []geo.IndicatorValue{
			{IndicatorID: "aah", TerritoryCode: "01001", Year: 2021, Value: 100 * 21.0 / 490, Numerator: 21, Denominator: 490},
			{IndicatorID: "aah", TerritoryCode: "01002", Year: 2020, Value: 100 * 3.0 / 154, Numerator: 3, Denominator: 154},
			{IndicatorID: "aah", TerritoryCode: "01002", Year: 2021, Value: 1.95, Numerator: 3, Denominator: 154},
			{IndicatorID: "chomage", TerritoryCode: "01", Year: 2021, Value: 6.4},
			{IndicatorID: "chomage", TerritoryCode: "84", Year: 2021, Value: 7.25},
		},
	}
}

// valuesThroughCSV returns ds's values as their CSV reads back, by the
// import format's own writer and reader.
func valuesThroughCSV(t *testing.T, ds *Dataset) []geo.IndicatorValue {
	t.Helper()
	files, err := Encode(&Dataset{Territories: ds.Territories, Indicators: ds.Indicators, IndicatorValues: ds.IndicatorValues})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == FileIndicatorValues+".gz" {
			vs, err := ReadIndicatorValues(bytes.NewReader(gunzip(t, f.Data)), Options{Resolver: IndexOf(ds)})
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
	}
	t.Fatal("Encode wrote no indicator values")
	return nil
}

// TestValuesBinaryRoundTrip checks that the binary file gives back,
// exactly, what reading the values' CSV gives: values as the text rounds
// them (checked by hand for one), the territories resolved at their levels.
func TestValuesBinaryRoundTrip(t *testing.T) {
	ds := valuesFixture()
	b, err := EncodeIndicatorValuesBinary(ds)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadIndicatorValuesBinary(bytes.NewReader(gunzip(t, b)), Options{Resolver: IndexOf(ds)})
	if err != nil {
		t.Fatal(err)
	}
	want := valuesThroughCSV(t, ds)
	if !slices.Equal(got, want) {
		t.Errorf("decoded\n%v\nwant\n%v", got, want)
	}
	if got[0].Value != 4.285714285714286 {
		t.Errorf("aah 01001: value %v, want 4.285714285714286 (the CSV's shortest text of 100×21/490)", got[0].Value)
	}
	again, err := EncodeIndicatorValuesBinary(&Dataset{Territories: ds.Territories, Indicators: ds.Indicators, IndicatorValues: got})
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("encoding the decoded rows gives other bytes (err %v)", err)
	}
}

// TestValuesBinaryErrors corrupts a good file in each way the reader must
// refuse, each a bad row: the file's structure on line 1, its references
// on their rows. A failure to read the file is an error, not a bad row.
func TestValuesBinaryErrors(t *testing.T) {
	ds := valuesFixture()
	good, err := EncodeIndicatorValuesBinary(ds)
	if err != nil {
		t.Fatal(err)
	}
	raw := gunzip(t, good)
	n := len(ds.IndicatorValues)
	// The columns start after the lists and the row count; each position
	// takes one byte per row here, each year two.
	head := len(raw) - n*(1+1+2+3*8)
	indCol, terrCol, yearCol := head, head+n, head+2*n
	edit := func(fn func(b []byte)) []byte {
		b := slices.Clone(raw)
		fn(b)
		return b
	}
	cases := []struct {
		name string
		raw  []byte
		ds   *Dataset
		want string
		rows []int // the bad rows' lines; none: an error that is no bad row
		read io.Reader
	}{
		{"magic", edit(func(b []byte) { b[0] = 'X' }), ds, "not a values file", []int{1}, nil},
		{"empty", nil, ds, "not a values file", []int{1}, nil},
		{"truncated", raw[:len(raw)-5], ds, "truncated", []int{1}, nil},
		{"trailing", append(slices.Clone(raw), 0), ds, "bytes after the last column", []int{1}, nil},
		{"indicator position", edit(func(b []byte) { b[indCol] = 7 }), ds, "position 7 over 1", []int{1}, nil},
		{"territory position", edit(func(b []byte) { b[terrCol+1] = 9 }), ds, "position 9 over 3", []int{1}, nil},
		{"positions into empty lists", append([]byte(valuesMagic+"\x00\x00\x01\x00\x00\xe5\x0f"), make([]byte, 24)...), ds, "position 0 over -1", []int{1}, nil},
		{"rows out of order", edit(func(b []byte) { b[terrCol], b[terrCol+1] = b[terrCol+1], b[terrCol] }), ds, "row 2", []int{1}, nil},
		{"duplicate row", edit(func(b []byte) { binary.PutUvarint(b[yearCol+4:], 2020) }), ds, "row 3 (aah 01002 2020) is not after", []int{1}, nil},
		{"read failure", nil, ds, "connection reset", nil, io.MultiReader(bytes.NewReader(raw[:10]), iotest.ErrReader(errors.New("connection reset")))},
		{"unknown indicator", raw, withIndicators(ds, ds.Indicators[1:]), `indicator "aah" is not in the catalogue`, []int{1, 2, 3}, nil},
		{"unknown territory", raw, withTerritories(ds, ds.Territories[:3]), "region 84 is not a known territory", []int{5}, nil},
		{"finer than the indicator", raw, withFinest(ds, "aah", geo.LevelDepartement), "territory 01001 is a commune, finer than the indicator's finest level departement", []int{1, 2, 3}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := c.read
			if body == nil {
				body = bytes.NewReader(c.raw)
			}
			_, err := ReadIndicatorValuesBinary(body, Options{Resolver: IndexOf(c.ds)})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
			var ie *data.ImportError
			if errors.As(err, &ie) != (c.rows != nil) {
				t.Fatalf("got %T, want a *data.ImportError exactly when the file is at fault", err)
			}
			if ie != nil {
				var lines []int
				for _, r := range ie.Rows {
					lines = append(lines, r.Line)
				}
				if !slices.Equal(lines, c.rows) {
					t.Errorf("bad rows %v, want %v", lines, c.rows)
				}
			}
		})
	}
}

func gunzip(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func withIndicators(ds *Dataset, inds []geo.Indicator) *Dataset {
	c := *ds
	c.Indicators = inds
	return &c
}

func withTerritories(ds *Dataset, ts []geo.Territory) *Dataset {
	c := *ds
	c.Territories = ts
	return &c
}

func withFinest(ds *Dataset, id string, l geo.Level) *Dataset {
	c := *ds
	c.Indicators = slices.Clone(ds.Indicators)
	for i := range c.Indicators {
		if c.Indicators[i].ID == id {
			c.Indicators[i].FinestLevel = l
		}
	}
	return &c
}
