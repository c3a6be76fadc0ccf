package demo

import (
	"cmp"
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo/contours"
)

// bundleFS is the committed demo dataset: the import-format files of
// data/dataset, gzip-compressed, but for the indicator values (values.go),
// with their NOTICE.
//
//go:embed bundle
var bundleFS embed.FS

// BundleDir is where `maillage demo` writes the bundle, relative to the
// repository root.
const BundleDir = "data/demo/bundle"

// Bundle returns the committed demo files.
func Bundle() fs.FS {
	sub, err := fs.Sub(bundleFS, "bundle")
	if err != nil { // cannot happen: "bundle" is a literal, valid path
		panic(err)
	}
	return sub
}

// BundleScaleFactor is how many real partnerships one partnership of the
// committed bundle stands for: it is generated at Scale 1, about 1/100 of
// France.
const BundleScaleFactor = 100

// Load reads the committed demo dataset, validated and derived as any
// dataset directory is, gives its territories their areas (areas.go): the
// bundle holds one point for each territory whose contour is embedded, and
// its indicator values (values.go), kept in a binary file.
//
// The contours and the values are decoded while the bundle's other files
// are read: they are independent, and reading the territories keeps one core
// busy while the other waits.
func Load() (*dataset.Dataset, error) {
	var set *contours.Set
	var values *encodedValues
	var setErr, valuesErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		set, setErr = contours.Load()
		if setErr == nil {
			values, valuesErr = readValues(Bundle())
		}
	})
	ds, err := dataset.Read(Bundle())
	wg.Wait()
	if err := cmp.Or(err, setErr, valuesErr); err != nil {
		return nil, err
	}
	if err := checkValues(values, ds); err != nil {
		return nil, err
	}
	ds.IndicatorValues = values.rows
	if err := attachAreas(ds.Territories, set); err != nil {
		return nil, err
	}
	ds.ScaleFactor = BundleScaleFactor
	return ds, nil
}

// WriteBundle writes a generated dataset to dir in the bundle's format, each
// territory whose contour is embedded as its interior point (Load gives the
// contour back), the indicator values in their binary file (values.go)
// rather than in CSV.
func WriteBundle(dir string, ds *dataset.Dataset) error {
	set, err := contours.Load()
	if err != nil {
		return err
	}
	vs, levels, err := valuesOfCSV(ds)
	if err != nil {
		return err
	}
	values, err := encodeValues(vs, levels)
	if err != nil {
		return err
	}
	compact := *ds
	compact.Territories = compactAreas(ds.Territories, set)
	compact.IndicatorValues = nil
	if err := dataset.Write(dir, &compact); err != nil {
		return err
	}
	for _, csv := range []string{dataset.FileIndicatorValues, dataset.FileIndicatorValues + ".gz"} {
		if err := os.Remove(filepath.Join(dir, csv)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, valuesFile), values, 0o644)
}
