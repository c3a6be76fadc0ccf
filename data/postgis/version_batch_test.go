package postgis

import (
	"context"
	"sync"
	"testing"

	"github.com/maillage/maillage/data"
)

// TestVersionReadsSeeEarlierCommits: many concurrent callers share the
// version's reads, yet each one gets a version read after it called: a
// change committed before a call is always seen by it.
func TestVersionReadsSeeEarlierCommits(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	// As requests carrying a log position, which read the version rather
	// than take the one kept by notifications (version_watch.go).
	ctx := data.WithReadAfter(context.Background(), 1)
	for round := range 20 {
		var wg sync.WaitGroup
		for range 8 { // readers racing with the writes below
			wg.Go(func() {
				if _, err := s.Version(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		if _, err := s.pool.Exec(ctx, "UPDATE dataset_info SET scale_factor = scale_factor"); err != nil {
			t.Fatal(err)
		}
		var want uint64
		if err := s.pool.QueryRow(ctx, "SELECT version FROM data_version").Scan(&want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.N != want {
			t.Fatalf("round %d: Version %d after the commit of %d", round, got.N, want)
		}
		wg.Wait()
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Version(cancelled); err == nil {
		t.Error("Version with a cancelled context: no error")
	}
}
