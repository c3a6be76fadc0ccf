package dataset

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/maillage/maillage/geo"
)

// A dataset directory may hold its indicator values in a compact binary
// file, indicator_values.bin (FileIndicatorValuesBinary, usually gzipped),
// instead of indicator_values.csv: the demo bundle does. Reading and
// checking the demo's 418 500 values as CSV took 450 ms of the embedded
// store's 1.3 s start, on its critical path, on the 2-core VM this was
// measured on; this file decodes in about 110 ms. It holds exactly what the
// CSV reader gives: EncodeIndicatorValuesBinary writes the values CSV, reads
// it with ReadIndicatorValues (every check of the import format, the numbers
// as their text rounds them) and encodes the result. The reader checks each
// indicator and territory the file names once, and each row's order and
// level. The file is written by programs (`maillage demo`), not by hand:
// `maillage import` takes the CSV.
//
// # Format
//
// A byte string of unsigned varints (u), as encoding/binary writes them,
// and 8-byte little-endian IEEE 754 floats (f); a string is u length then
// its bytes.
//
//	"MIV1"
//	u indicator count, then each indicator's id (string), by id bytewise
//	u territory count, then each territory's level and code (strings), in
//	    Sort's order (code bytewise, then level from the widest)
//	u row count, then six columns, each over every row in order:
//	    u indicator (position in the list), u territory (position),
//	    u year, f value, f numerator, f denominator
//
// Rows are strictly increasing by (indicator, territory, year): the order
// of Sort, without duplicates. Bad references are reported as bad rows,
// numbered from 1 in the file's order.

// valuesMagic opens an indicator_values.bin.
const valuesMagic = "MIV1"

// valueTerritory is one territory an indicator_values.bin names.
type valueTerritory struct {
	level geo.Level
	code  string
}

// encodedValues is an indicator_values.bin decoded: its rows, whose strings
// are its lists' (one per indicator and territory), and the lists, for
// checkValues.
type encodedValues struct {
	indicators  []string
	territories []valueTerritory
	rows        []geo.IndicatorValue
	rowTerr     []int32 // each row's position in territories
	rowInd      []int32 // each row's position in indicators
}

// EncodeIndicatorValuesBinary returns ds's indicator values as a gzipped
// indicator_values.bin: the values as reading them back from their CSV
// gives them, against ds's territories and indicators. The bytes depend on
// the values alone (the zero gzip.Header, as Encode). It fails where
// ReadIndicatorValues would.
func EncodeIndicatorValuesBinary(ds *Dataset) ([]byte, error) {
	sorted := &Dataset{IndicatorValues: slices.Clone(ds.IndicatorValues)}
	Sort(sorted)
	ratio := map[string]bool{}
	finest := map[string]geo.Level{}
	idx := NewIndex()
	idx.AddTerritories(ds.Territories)
	for _, ind := range ds.Indicators {
		ratio[ind.ID] = ind.Aggregation == geo.AggregationRatio
		finest[ind.ID] = ind.FinestLevel
		idx.AddIndicator(ind)
	}
	var text bytes.Buffer
	if err := writeValues(&text, sorted.IndicatorValues, ratio); err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", FileIndicatorValuesBinary, err)
	}
	read, err := ReadIndicatorValues(&text, Options{Resolver: idx})
	if err != nil {
		return nil, err
	}
	levels := make([]geo.Level, len(read))
	for i, v := range read {
		ref, _ := ResolveCode(idx, v.TerritoryCode, finest[v.IndicatorID]) // resolved by the reader
		levels[i] = ref.Level
	}
	return encodeValues(read, levels)
}

// encodeValues writes vs, sorted as Sort sorts them, each of whose
// territories has the level levels gives, as a gzipped indicator_values.bin.
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
	slices.SortFunc(terrs, func(a, b valueTerritory) int { return compareTerritory(a.code, a.level, b.code, b.level) })
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
	return gzipped(func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// ReadIndicatorValuesBinary reads an indicator_values.bin (decompressed)
// from body, checking its references against o.Resolver as
// ReadIndicatorValues does. Its bad references are a *data.ImportError,
// each on its row (its index + 1); so is a file that is no values file,
// or no whole one, on line 1, as a GeoJSON file that is no JSON: it is
// the file's fault, not the server's (the HTTP import answered 500). A
// failure to read body is an error.
func ReadIndicatorValuesBinary(body io.Reader, o Options) ([]geo.IndicatorValue, error) {
	name := fileName(o, FileIndicatorValuesBinary)
	p := &problems{file: name}
	src := &readFailure{r: body}
	ev, err := decodeValues(bufio.NewReaderSize(src, 64<<10))
	if err != nil {
		if src.err != nil && !corrupt(src.err) {
			return nil, fmt.Errorf("dataset: %s: %w", name, src.err)
		}
		p.add(1, "%v", err)
		return nil, p.err()
	}
	checkValues(p, ev, resolverOrEmpty(o.Resolver))
	if err := p.err(); err != nil {
		return nil, err
	}
	o.progress(len(ev.rows), true)
	return ev.rows, nil
}

// decodeValues reads an indicator_values.bin's decompressed bytes from r;
// it checks the file's own consistency (positions within the lists, rows
// in order), not its references (checkValues).
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

// checkValues files a bad row for each of ev's rows whose indicator is
// not in the catalogue, whose territory is unknown or finer than its
// indicator's finest level, each list entry looked up once; the rows'
// strings become the resolver's, as ReadIndicatorValues shares them.
func checkValues(p *problems, ev *encodedValues, res Resolver) {
	inds := make([]geo.Indicator, len(ev.indicators))
	indOK := make([]bool, len(ev.indicators))
	finest := make([]int, len(ev.indicators))
	for i, id := range ev.indicators {
		inds[i], indOK[i] = res.Indicator(id)
		finest[i] = levelIndex(inds[i].FinestLevel)
	}
	refs := make([]TerritoryRef, len(ev.territories))
	terrOK := make([]bool, len(ev.territories))
	level := make([]int, len(ev.territories))
	for i, t := range ev.territories {
		refs[i], terrOK[i] = res.Territory(t.level, t.code)
		level[i] = levelIndex(t.level)
	}
	for i := range ev.rows {
		v := &ev.rows[i]
		ind, ter := ev.rowInd[i], ev.rowTerr[i]
		r := row{line: i + 1}
		if !indOK[ind] {
			r.bad("indicator %q is not in the catalogue", v.IndicatorID)
		}
		if !terrOK[ter] {
			r.bad("%s %s is not a known territory", ev.territories[ter].level, v.TerritoryCode)
		}
		if indOK[ind] && terrOK[ter] {
			v.IndicatorID, v.TerritoryCode = inds[ind].ID, refs[ter].Code
			if level[ter] > finest[ind] {
				r.bad("territory %s is a %s, finer than the indicator's finest level %s", v.TerritoryCode, ev.territories[ter].level, inds[ind].FinestLevel)
			}
		}
		p.done(&r)
	}
}
