package dataset_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
)

func TestWriteIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := t.TempDir(), t.TempDir()
	if err := dataset.Write(a, datasettest.Sample()); err != nil {
		t.Fatal(err)
	}
	// Shuffle the input: Write sorts, so the bytes must not change.
	shuffled := datasettest.Sample()
	shuffled.Actors[0], shuffled.Actors[3] = shuffled.Actors[3], shuffled.Actors[0]
	shuffled.Territories[1], shuffled.Territories[5] = shuffled.Territories[5], shuffled.Territories[1]
	shuffled.Alliances[0].Members[0], shuffled.Alliances[0].Members[2] = shuffled.Alliances[0].Members[2], shuffled.Alliances[0].Members[0]
	if err := dataset.Write(b, shuffled); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 7 {
		t.Errorf("got %d files, want 7", len(entries))
	}
	for _, e := range entries {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two writes", e.Name())
		}
		// RFC 1952 header: magic, CM=8, FLG=0 (no name, no comment), MTIME=0.
		if want := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0}; !bytes.HasPrefix(x, want) {
			t.Errorf("%s: gzip header % x, want prefix % x", e.Name(), x[:8], want)
		}
	}
}
