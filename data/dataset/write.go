package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/maillage/maillage/geo"
)

// Write writes every file of ds into dir (created if missing) as
// "<name>.gz", replacing any previous version atomically and removing the
// plain or other-format variants of the same file (actors.csv,
// actors.geojson…) so that Read of dir gives ds back. ds is not modified;
// rows are written in Sort order.
//
// The output is byte-for-byte deterministic for a given Go release: fixed
// column order, hand-written GeoJSON, floats in their shortest form
// (AppendNumber), coordinates at most 7 decimals (AppendCoordinate), and a
// gzip header with no file name and a zero modification time. Every file is
// written, with only its header when empty.
func Write(dir string, ds *Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	files, err := Encode(ds)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := writeFile(dir, f.Name, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// EncodedFile is one gzip-compressed file of a dataset, named with its
// ".gz" suffix.
type EncodedFile struct {
	Name string
	Data []byte
}

// Encode returns the gzip-compressed files Write would write, in load
// order. Floats must be finite.
func Encode(ds *Dataset) ([]EncodedFile, error) {
	s := Clone(ds)
	Sort(s)
	ratio := map[string]bool{}
	for _, ind := range s.Indicators {
		ratio[ind.ID] = ind.Aggregation == geo.AggregationRatio
	}
	var members [][]string
	for _, al := range s.Alliances {
		for _, m := range al.Members {
			members = append(members, memberRecord(nil, al.ID, m))
		}
	}
	encoders := []struct {
		name   string
		encode func(w io.Writer) error
	}{
		{FileTerritories, func(w io.Writer) error { return writeTerritories(w, s.Territories) }},
		{FileIndicators, func(w io.Writer) error {
			return writeCSV(w, indicatorColumns(), len(s.Indicators), func(i int, rec []string) ([]string, error) {
				ind := s.Indicators[i]
				return indicatorRecord(rec, ind), finite(ind.ID, ind.Scale)
			})
		}},
		{FileIndicatorValues, func(w io.Writer) error { return writeValues(w, s.IndicatorValues, ratio) }},
		{FileActors, func(w io.Writer) error {
			return writeCSV(w, actorColumns(), len(s.Actors), func(i int, rec []string) ([]string, error) {
				return actorRecord(rec, s.Actors[i])
			})
		}},
		{FilePartnerships, func(w io.Writer) error {
			return writeCSV(w, partnershipColumns(), len(s.Partnerships), func(i int, rec []string) ([]string, error) {
				return partnershipRecord(rec, s.Partnerships[i]), nil
			})
		}},
		{FileAlliances, func(w io.Writer) error {
			return writeCSV(w, allianceColumns(), len(s.Alliances), func(i int, rec []string) ([]string, error) {
				return allianceRecord(rec, s.Alliances[i]), nil
			})
		}},
		{FileAllianceMembers, func(w io.Writer) error {
			return writeCSV(w, memberColumns(), len(members), func(i int, rec []string) ([]string, error) {
				return members[i], nil
			})
		}},
	}
	out := make([]EncodedFile, 0, len(encoders))
	for _, e := range encoders {
		data, err := gzipped(e.encode)
		if err != nil {
			return nil, fmt.Errorf("dataset: %s: %w", e.name, err)
		}
		out = append(out, EncodedFile{Name: e.name + ".gz", Data: data})
	}
	return out, nil
}

// WriteIndicatorValuesBinary writes ds's indicator values to dir as
// indicator_values.bin.gz (EncodeIndicatorValuesBinary), in place of their
// CSV, which it removes.
func WriteIndicatorValuesBinary(dir string, ds *Dataset) error {
	data, err := EncodeIndicatorValuesBinary(ds)
	if err != nil {
		return err
	}
	return writeFile(dir, FileIndicatorValuesBinary+".gz", data)
}

// writeFile writes one file of a dataset directory (writeAtomic) and
// removes the other names Read would find it under.
func writeFile(dir, name string, data []byte) error {
	if err := writeAtomic(dir, name, data); err != nil {
		return err
	}
	for _, stale := range staleVariants(name) {
		if err := os.Remove(filepath.Join(dir, stale)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("dataset: %w", err)
		}
	}
	return nil
}

// gzipped returns what encode writes, gzip-compressed. The zero
// gzip.Header (no name, no comment, MTIME 0, OS unknown) is what makes the
// bytes independent of when and where they were written.
func gzipped(encode func(w io.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if err := encode(zw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeValues writes vs as indicator_values.csv; ratio says which
// indicators are ratios (the others' numerator and denominator are left
// empty).
func writeValues(w io.Writer, vs []geo.IndicatorValue, ratio map[string]bool) error {
	return writeCSV(w, valueColumns(), len(vs), func(i int, rec []string) ([]string, error) {
		v := vs[i]
		return valueRecord(rec, v, ratio[v.IndicatorID]), finite(v.IndicatorID+" "+v.TerritoryCode, v.Value, v.Numerator, v.Denominator)
	})
}

// writeCSV writes a header and n records; record fills rec (reused) with
// row i.
func writeCSV(w io.Writer, header []string, n int, record func(i int, rec []string) ([]string, error)) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, 0, len(header))
	for i := range n {
		var err error
		if rec, err = record(i, rec); err != nil {
			return err
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func finite(what string, vs ...float64) error {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: %g is not a finite number", what, v)
		}
	}
	return nil
}

// staleVariants lists the other names under which the file written as
// name could be found by Read.
func staleVariants(name string) []string {
	switch name {
	case FileActors + ".gz":
		return []string{FileActors, FileActorsGeoJSON, FileActorsGeoJSON + ".gz"}
	case FileIndicatorValues + ".gz":
		return []string{FileIndicatorValues, FileIndicatorValuesBinary, FileIndicatorValuesBinary + ".gz"}
	case FileIndicatorValuesBinary + ".gz":
		return []string{FileIndicatorValuesBinary, FileIndicatorValues, FileIndicatorValues + ".gz"}
	}
	return []string{name[:len(name)-len(".gz")]}
}

// writeAtomic writes data to dir/name through a temporary file and a
// rename, so a reader never sees half a file.
func writeAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("dataset: %w", err)
	}
	return nil
}
