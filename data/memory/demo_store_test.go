package memory_test

import (
	"sync"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
)

// loadDemo reads the committed demo and builds the embedded store over it,
// once for every test of the package that needs them (read-only both).
var loadDemo = sync.OnceValues(func() (*dataset.Dataset, error) { return demo.Load() })

var demoMemoryStore = sync.OnceValues(func() (*memory.Store, error) {
	ds, err := loadDemo()
	if err != nil {
		return nil, err
	}
	return memory.New(ds)
})

// demoStore is the demo dataset and the embedded store over it; loading
// takes seconds, so tests using it skip with -short.
func demoStore(t *testing.T) (*dataset.Dataset, *memory.Store) {
	t.Helper()
	if testing.Short() {
		t.Skip("loading the demo takes seconds; skipped with -short")
	}
	ds, err := loadDemo()
	if err != nil {
		t.Fatal(err)
	}
	s, err := demoMemoryStore()
	if err != nil {
		t.Fatal(err)
	}
	return ds, s
}
