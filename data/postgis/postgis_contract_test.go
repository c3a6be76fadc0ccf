package postgis

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
)

// TestContract runs the data.Store contract suite on a fresh database
// loaded with LoadDataset.
func TestContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, ds *dataset.Dataset) data.Store {
		s, _ := newTestStore(t)
		if err := s.LoadDataset(context.Background(), ds, nil); err != nil {
			t.Fatalf("LoadDataset: %v", err)
		}
		return s
	})
}
