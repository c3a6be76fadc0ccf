package memory_test

import (
	"context"
	"sync"
	"testing"

	"github.com/maillage/maillage/data"
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
func demoStore(t testing.TB) (*dataset.Dataset, *memory.Store) {
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

// BenchmarkDemoCommunesPage is a page of 1 000 of the demo's communes, whose
// contours (29 points each on average) are written when read
// (renderWhenRead), against the first 1 000 actors, whose texts are kept.
func BenchmarkDemoCommunesPage(b *testing.B) {
	_, s := demoStore(b)
	for _, c := range []string{data.CollectionCommunes, data.CollectionActors} {
		b.Run(c, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				size := 0
				err := s.Items(context.Background(), c, data.ItemsQuery{Limit: 1000}, func(f []byte) error { size += len(f); return nil })
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(size))
			}
		})
	}
}
