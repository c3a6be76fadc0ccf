package dataset_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
)

// TestReadDirectoryWithBinaryValues reads a dataset directory whose values
// are in the binary file: the same dataset as with the CSV; both at once
// are refused.
func TestReadDirectoryWithBinaryValues(t *testing.T) {
	ds := datasettest.Sample()
	csvDir, binDir := t.TempDir(), t.TempDir()
	for _, dir := range []string{csvDir, binDir} {
		if err := dataset.Write(dir, ds); err != nil {
			t.Fatal(err)
		}
	}
	b, err := dataset.EncodeIndicatorValuesBinary(ds)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(binDir, dataset.FileIndicatorValuesBinary+".gz"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Read(os.DirFS(binDir)); err == nil || !strings.Contains(err.Error(), "keep only one") {
		t.Errorf("CSV and binary values together: got %v, want a refusal", err)
	}
	// WriteIndicatorValuesBinary writes the same file and removes the CSV.
	if err := dataset.WriteIndicatorValuesBinary(binDir, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(binDir, dataset.FileIndicatorValues+".gz")); !os.IsNotExist(err) {
		t.Errorf("the values' CSV is still there beside the binary file (%v)", err)
	}
	fromCSV, err := dataset.Read(os.DirFS(csvDir))
	if err != nil {
		t.Fatal(err)
	}
	fromBin, err := dataset.Read(os.DirFS(binDir))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fromBin.IndicatorValues, fromCSV.IndicatorValues) || len(fromBin.IndicatorValues) != len(ds.IndicatorValues) {
		t.Errorf("binary values\n%v\nCSV values\n%v", fromBin.IndicatorValues, fromCSV.IndicatorValues)
	}
	// Writing the dataset again puts the CSV back and removes the binary
	// file, which Read would otherwise find beside it.
	if err := dataset.Write(binDir, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Read(os.DirFS(binDir)); err != nil {
		t.Errorf("after Write: %v", err)
	}
}
