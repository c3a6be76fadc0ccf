package demo

import (
	"embed"
	"io/fs"
	"sync"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo/contours"
)

// bundleFS is the committed demo dataset: a dataset directory of
// data/dataset, gzip-compressed, with its NOTICE.
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
// dataset directory is, and gives its territories their areas (areas.go):
// the bundle holds a point (communes, EPCI) or a coarse outline
// (départements, régions) for each territory whose contour is embedded.
//
// The contours are decoded while the bundle is read: they are independent,
// and reading the territories keeps one core busy while the other waits.
func Load() (*dataset.Dataset, error) {
	var set *contours.Set
	var setErr error
	var wg sync.WaitGroup
	wg.Go(func() { set, setErr = contours.Load() })
	ds, err := dataset.Read(Bundle())
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if setErr != nil {
		return nil, setErr
	}
	if err := attachAreas(ds.Territories, set); err != nil {
		return nil, err
	}
	ds.ScaleFactor = BundleScaleFactor
	return ds, nil
}

// WriteBundle writes a generated dataset to dir in the bundle's format, each
// territory whose contour is embedded as its interior point or coarse
// outline (compactAreas; Load gives the contour back), the indicator values in their binary file
// (dataset.WriteIndicatorValuesBinary: 418 500 rows decode in a tenth of
// the time their CSV takes, which is a third of the embedded store's start).
func WriteBundle(dir string, ds *dataset.Dataset) error {
	set, err := contours.Load()
	if err != nil {
		return err
	}
	compact := *ds
	compact.Territories = compactAreas(ds.Territories, set)
	compact.IndicatorValues = nil // written below, in their binary file
	if err := dataset.Write(dir, &compact); err != nil {
		return err
	}
	return dataset.WriteIndicatorValuesBinary(dir, ds)
}
