package demo

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// The committed bundle keeps its indicator values (418 500 rows) in a
// compact binary file, not in the import format's CSV: parsing and checking
// that many CSV rows took 450 ms, on the start's critical path, of the
// embedded store's 1.2 s start on the 2-core VM this was measured on;
// decoding this file takes a tenth of that, while the territories are read.
// It holds exactly what the CSV reader gives back: WriteBundle writes the
// values CSV, reads it with dataset.ReadIndicatorValues (every check of the
// import format, the numbers as the text rounds them) and encodes the
// result. Load checks each indicator and territory the file names against
// the dataset once, and each row's order and level.
//
// # Format
//
// gzip over a byte string of unsigned varints (u), as encoding/binary
// writes them, and 8-byte little-endian IEEE 754 floats (f); a string is u
// length then its bytes.
//
//	"MIV1"
//	u indicator count, then each indicator's id (string), by id bytewise
//	u territory count, then each territory's level and code (strings), in
//	    dataset.Sort's order (code bytewise, then level from the widest)
//	u row count, then six columns, each over every row in order:
//	    u indicator (position in the list), u territory (position),
//	    u year, f value, f numerator, f denominator
//
// Rows are strictly increasing by (indicator, territory, year): the order
// of dataset.Sort, without duplicates.

// valuesFile is the bundle's file of indicator values.
const valuesFile = "indicator_values.bin.gz"

// valuesMagic opens valuesFile's decompressed bytes.
const valuesMagic = "MIV1"

// valueTerritory is one territory valuesFile names.
type valueTerritory struct {
	level geo.Level
	code  string
}

// encodedValues is valuesFile decoded: its rows, whose strings are its
// lists' (one per indicator and territory), and the lists, for checkValues.
type encodedValues struct {
	indicators  []string
	territories []valueTerritory
	rows        []geo.IndicatorValue
	rowTerr     []int32 // each row's position in territories
	rowInd      []int32 // each row's position in indicators
}

// valuesOfCSV returns ds's indicator values as reading them back from the
// import format gives them: the values CSV that dataset.Encode writes, read
// by dataset.ReadIndicatorValues against ds's territories and indicators,
// each with the level of the territory it names.
func valuesOfCSV(ds *dataset.Dataset) ([]geo.IndicatorValue, []geo.Level, error) {
	files, err := dataset.Encode(&dataset.Dataset{Territories: ds.Territories, Indicators: ds.Indicators, IndicatorValues: ds.IndicatorValues})
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(files, func(f dataset.EncodedFile) bool { return f.Name == dataset.FileIndicatorValues+".gz" })
	if i < 0 {
		return nil, nil, errors.New("demo: dataset.Encode wrote no indicator values")
	}
	zr, err := gzip.NewReader(bytes.NewReader(files[i].Data))
	if err != nil {
		return nil, nil, err
	}
	idx := dataset.NewIndex()
	idx.AddTerritories(ds.Territories)
	finest := map[string]geo.Level{}
	for _, ind := range ds.Indicators {
		idx.AddIndicator(ind)
		finest[ind.ID] = ind.FinestLevel
	}
	vs, err := dataset.ReadIndicatorValues(zr, dataset.Options{Resolver: idx})
	if err != nil {
		return nil, nil, err
	}
	levels := make([]geo.Level, len(vs))
	for i, v := range vs {
		ref, _ := dataset.ResolveCode(idx, v.TerritoryCode, finest[v.IndicatorID]) // resolved above
		levels[i] = ref.Level
	}
	return vs, levels, nil
}

// encodeValues writes vs, sorted as dataset.Sort sorts them, each of whose
// territory has the level levels gives, as valuesFile's bytes.
func encodeValues(vs []geo.IndicatorValue, levels []geo.Level) ([]byte, error) {
	indAt := map[string]int{}
	terrAt := map[valueTerritory]int{}
	var inds []string
	var terrs []valueTerritory
	for i, v := range vs {
		if _, ok := indAt[v.IndicatorID]; !ok {
			indAt[v.IndicatorID] = 0
			inds = append(inds, v.IndicatorID)
		}
		t := valueTerritory{levels[i], v.TerritoryCode}
		if _, ok := terrAt[t]; !ok {
			terrAt[t] = 0
			terrs = append(terrs, t)
		}
	}
	slices.Sort(inds)
	slices.SortFunc(terrs, compareValueTerritories)
	for i, id := range inds {
		indAt[id] = i
	}
	for i, t := range terrs {
		terrAt[t] = i
	}
	var b []byte
	str := func(s string) { b = append(binary.AppendUvarint(b, uint64(len(s))), s...) }
	b = append(b, valuesMagic...)
	b = binary.AppendUvarint(b, uint64(len(inds)))
	for _, id := range inds {
		str(id)
	}
	b = binary.AppendUvarint(b, uint64(len(terrs)))
	for _, t := range terrs {
		str(string(t.level))
		str(t.code)
	}
	b = binary.AppendUvarint(b, uint64(len(vs)))
	columns := []func(i int, v geo.IndicatorValue){
		func(_ int, v geo.IndicatorValue) { b = binary.AppendUvarint(b, uint64(indAt[v.IndicatorID])) },
		func(i int, v geo.IndicatorValue) {
			b = binary.AppendUvarint(b, uint64(terrAt[valueTerritory{levels[i], v.TerritoryCode}]))
		},
		func(i int, v geo.IndicatorValue) { b = binary.AppendUvarint(b, uint64(v.Year)) },
		func(_ int, v geo.IndicatorValue) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Value)) },
		func(_ int, v geo.IndicatorValue) {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Numerator))
		},
		func(_ int, v geo.IndicatorValue) {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Denominator))
		},
	}
	for _, col := range columns {
		for i, v := range vs {
			col(i, v)
		}
	}
	var buf bytes.Buffer
	// The zero gzip.Header, as dataset.Encode: the bytes depend on the
	// values alone.
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compareValueTerritories orders territories as dataset.Sort does.
func compareValueTerritories(a, b valueTerritory) int {
	return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(slices.Index(geo.Levels, a.level), slices.Index(geo.Levels, b.level)))
}

// readValues decodes fsys's valuesFile; it checks the file's own
// consistency (positions within the lists, rows in order), not the
// references to the dataset (checkValues).
func readValues(fsys fs.FS) (*encodedValues, error) {
	f, err := fsys.Open(valuesFile)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("demo: %s: %w", valuesFile, err)
	}
	ev, err := decodeValues(bufio.NewReaderSize(zr, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("demo: %s: %w", valuesFile, err)
	}
	return ev, nil
}

// decodeValues reads valuesFile's decompressed bytes from r.
func decodeValues(r *bufio.Reader) (*encodedValues, error) {
	magic := make([]byte, len(valuesMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != valuesMagic {
		return nil, fmt.Errorf("not a values file (want %q first)", valuesMagic)
	}
	var err error
	count := func(limit int) int {
		if err != nil {
			return 0
		}
		var n uint64
		if n, err = binary.ReadUvarint(r); err == nil && (limit < 0 || n > uint64(limit)) {
			err = fmt.Errorf("count or position %d over %d", n, limit)
		}
		return int(n)
	}
	str := func() string {
		n := count(1 << 10)
		if err != nil {
			return ""
		}
		s := make([]byte, n)
		_, err = io.ReadFull(r, s)
		return string(s)
	}
	ev := &encodedValues{}
	ev.indicators = make([]string, count(1<<16))
	for i := range ev.indicators {
		ev.indicators[i] = str()
	}
	ev.territories = make([]valueTerritory, count(1<<24))
	for i := range ev.territories {
		ev.territories[i] = valueTerritory{geo.Level(str()), str()}
	}
	n := count(1 << 24) // 16 million rows, 1 GB: a sanity bound
	if err != nil {
		return nil, err
	}
	ev.rows, ev.rowInd, ev.rowTerr = make([]geo.IndicatorValue, n), make([]int32, n), make([]int32, n)
	for i := range n {
		ev.rowInd[i] = int32(count(len(ev.indicators) - 1))
	}
	for i := range n {
		ev.rowTerr[i] = int32(count(len(ev.territories) - 1))
	}
	for i := range n {
		ev.rows[i].Year = count(math.MaxInt32)
	}
	if err != nil {
		return nil, err
	}
	var f [8]byte
	float := func() float64 {
		if err == nil {
			_, err = io.ReadFull(r, f[:])
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(f[:]))
	}
	for i := range ev.rows {
		ev.rows[i].Value = float()
	}
	for i := range ev.rows {
		ev.rows[i].Numerator = float()
	}
	for i := range ev.rows {
		ev.rows[i].Denominator = float()
	}
	if err != nil {
		return nil, fmt.Errorf("truncated: %w", err)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, errors.New("bytes after the last column")
	}
	for i := range ev.rows {
		v := &ev.rows[i]
		v.IndicatorID, v.TerritoryCode = ev.indicators[ev.rowInd[i]], ev.territories[ev.rowTerr[i]].code
		if i > 0 {
			p := &ev.rows[i-1]
			c := cmp.Or(cmp.Compare(ev.rowInd[i-1], ev.rowInd[i]), cmp.Compare(ev.rowTerr[i-1], ev.rowTerr[i]), cmp.Compare(p.Year, v.Year))
			if c >= 0 {
				return nil, fmt.Errorf("row %d (%s %s %d) is not after the row before it", i+1, v.IndicatorID, v.TerritoryCode, v.Year)
			}
		}
	}
	return ev, nil
}

// checkValues checks ev's references against ds, sorted: each indicator is
// in the catalogue, each territory is one of ds's, of a level no finer than
// its indicators' finest, as dataset.ReadIndicatorValues requires.
func checkValues(ev *encodedValues, ds *dataset.Dataset) error {
	finest := make([]int, len(ev.indicators))
	for i, id := range ev.indicators {
		j, ok := slices.BinarySearchFunc(ds.Indicators, id, func(ind geo.Indicator, id string) int { return cmp.Compare(ind.ID, id) })
		if !ok {
			return fmt.Errorf("demo: %s: indicator %q is not in the catalogue", valuesFile, id)
		}
		finest[i] = slices.Index(geo.Levels, ds.Indicators[j].FinestLevel)
	}
	level := make([]int, len(ev.territories))
	for i, t := range ev.territories {
		_, ok := slices.BinarySearchFunc(ds.Territories, t, func(dt geo.Territory, t valueTerritory) int {
			return compareValueTerritories(valueTerritory{dt.Level, dt.Code}, t)
		})
		if !ok {
			return fmt.Errorf("demo: %s: %s %s is not a known territory", valuesFile, t.level, t.code)
		}
		level[i] = slices.Index(geo.Levels, t.level)
	}
	for i := range ev.rows {
		if level[ev.rowTerr[i]] > finest[ev.rowInd[i]] {
			v := ev.rows[i]
			return fmt.Errorf("demo: %s: row %d: territory %s is finer than indicator %s's finest level", valuesFile, i+1, v.TerritoryCode, v.IndicatorID)
		}
	}
	return nil
}
