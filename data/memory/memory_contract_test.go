package memory_test

import (
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
)

// TestContract runs the data.Store contract suite, the one data/postgis
// passes, on the embedded store.
func TestContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, ds *dataset.Dataset) data.Store {
		s, err := memory.New(ds)
		if err != nil {
			t.Fatalf("memory.New: %v", err)
		}
		return s
	})
}
