package demo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// valuesFixture is a small sorted dataset: two indicators (a ratio down to
// the communes, a rate down to the départements) and the territories they
// name, a département and a région.
func valuesFixture() *dataset.Dataset {
	return &dataset.Dataset{
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

// TestValuesRoundTrip checks that the binary file gives back, exactly,
// what reading the values' CSV gives: values as the text rounds them
// (AppendNumber), by hand below, the territories resolved at their levels.
func TestValuesRoundTrip(t *testing.T) {
	ds := valuesFixture()
	vs, levels, err := valuesOfCSV(ds)
	if err != nil {
		t.Fatal(err)
	}
	if want := []geo.Level{geo.LevelCommune, geo.LevelCommune, geo.LevelCommune, geo.LevelDepartement, geo.LevelRegion}; !slices.Equal(levels, want) {
		t.Errorf("levels %v, want %v", levels, want)
	}
	if got := vs[0].Value; got != 4.285714285714286 {
		t.Errorf("aah 01001: value %v, want 4.285714285714286 (the CSV's shortest text of 100×21/490)", got)
	}
	b, err := encodeValues(vs, levels)
	if err != nil {
		t.Fatal(err)
	}
	ev := decodeOrFail(t, b)
	if !slices.Equal(ev.rows, vs) {
		t.Errorf("decoded\n%v\nwant\n%v", ev.rows, vs)
	}
	if err := checkValues(ev, ds); err != nil {
		t.Errorf("checkValues: %v", err)
	}
	again, err := encodeValues(ev.rows, levels)
	if err != nil || !bytes.Equal(again, b) {
		t.Errorf("encoding the decoded rows gives other bytes (err %v)", err)
	}
}

// TestLoadValuesAreTheCSVs checks the committed file: the values Load gives
// survive the import format unchanged, as values read from it do.
func TestLoadValuesAreTheCSVs(t *testing.T) {
	t.Parallel()
	ds, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.IndicatorValues) != 418_500 {
		t.Errorf("%d values, want 418 500 (12 indicators × 34 875 communes)", len(ds.IndicatorValues))
	}
	vs, _, err := valuesOfCSV(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(vs, ds.IndicatorValues) {
		for i := range min(len(vs), len(ds.IndicatorValues)) {
			if vs[i] != ds.IndicatorValues[i] {
				t.Fatalf("row %d: loaded %+v, through the CSV %+v", i+1, ds.IndicatorValues[i], vs[i])
			}
		}
		t.Fatalf("loaded %d values, through the CSV %d", len(ds.IndicatorValues), len(vs))
	}
}

// TestValuesFileErrors corrupts a good file in each way the decoder or
// checkValues must refuse.
func TestValuesFileErrors(t *testing.T) {
	ds := valuesFixture()
	vs, levels, err := valuesOfCSV(ds)
	if err != nil {
		t.Fatal(err)
	}
	good, err := encodeValues(vs, levels)
	if err != nil {
		t.Fatal(err)
	}
	raw := gunzip(t, good)
	// The columns start after the lists and the row count; each position
	// takes one byte per row here, each year two.
	head := len(raw) - len(vs)*(1+1+2+3*8)
	indCol, terrCol, yearCol := head, head+len(vs), head+2*len(vs)
	edit := func(fn func(b []byte) []byte) []byte { return fn(slices.Clone(raw)) }
	cases := []struct {
		name string
		raw  []byte
		ds   *dataset.Dataset
		want string
	}{
		{"magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), ds, "not a values file"},
		{"truncated", raw[:len(raw)-5], ds, "truncated"},
		{"trailing", append(slices.Clone(raw), 0), ds, "bytes after the last column"},
		{"indicator position", edit(func(b []byte) []byte { b[indCol] = 7; return b }), ds, "position 7 over 1"},
		{"territory position", edit(func(b []byte) []byte { b[terrCol+1] = 9; return b }), ds, "position 9 over 3"},
		{"rows out of order", edit(func(b []byte) []byte { b[terrCol], b[terrCol+1] = b[terrCol+1], b[terrCol]; return b }), ds, "row 2"},
		{"duplicate row", edit(func(b []byte) []byte {
			binary.PutUvarint(b[yearCol+4:], uint64(vs[1].Year))
			return b
		}), ds, "row 3 (aah 01002 2020) is not after"},
		{"positions into empty lists", append([]byte(valuesMagic+"\x00\x00\x01\x00\x00\xe5\x0f"), make([]byte, 24)...), ds, "position 0 over -1"},
		{"unknown indicator", raw, withIndicators(ds, ds.Indicators[1:]), `indicator "aah" is not in the catalogue`},
		{"unknown territory", raw, withTerritories(ds, ds.Territories[:3]), "region 84 is not a known territory"},
		{"finer than the indicator", raw, withFinest(ds, "aah", geo.LevelDepartement), "row 1: territory 01001 is finer than indicator aah's finest level"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := decodeValues(bufio.NewReader(bytes.NewReader(c.raw)))
			if err == nil {
				err = checkValues(ev, c.ds)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

func decodeOrFail(t *testing.T, gz []byte) *encodedValues {
	t.Helper()
	ev, err := decodeValues(bufio.NewReader(bytes.NewReader(gunzip(t, gz))))
	if err != nil {
		t.Fatal(err)
	}
	return ev
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

func withIndicators(ds *dataset.Dataset, inds []geo.Indicator) *dataset.Dataset {
	c := *ds
	c.Indicators = inds
	return &c
}

func withTerritories(ds *dataset.Dataset, ts []geo.Territory) *dataset.Dataset {
	c := *ds
	c.Territories = ts
	return &c
}

func withFinest(ds *dataset.Dataset, id string, l geo.Level) *dataset.Dataset {
	c := *ds
	c.Indicators = slices.Clone(ds.Indicators)
	for i := range c.Indicators {
		if c.Indicators[i].ID == id {
			c.Indicators[i].FinestLevel = l
		}
	}
	return &c
}
