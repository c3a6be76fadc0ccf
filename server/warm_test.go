package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
)

// heldIndicators holds every Indicators call until release is closed.
type heldIndicators struct {
	data.Store
	release chan struct{}
}

func (s heldIndicators) Indicators(ctx context.Context) ([]geo.Indicator, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Store.Indicators(ctx)
}

// TestReadyzWhileWarming: /readyz answers 503, saying why, while
// StartWarm runs, and 200 once it is over; the other endpoints answer
// meanwhile.
func TestReadyzWhileWarming(t *testing.T) {
	t.Parallel()
	st := heldIndicators{Store: newStore(t), release: make(chan struct{})}
	srv := server.New(st, server.Config{}, testLogger(t))
	h := srv.Handler()
	if rec := get(t, h, "/readyz"); rec.Code != http.StatusOK {
		t.Fatalf("before warming: %d %s, want 200", rec.Code, rec.Body)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.StartWarm(ctx)
	rec := get(t, h, "/readyz")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(decodeProblem(t, rec).Detail, "caches") {
		t.Fatalf("while warming: %d %s, want 503 naming the caches", rec.Code, rec.Body)
	}
	if rec := get(t, h, "/ogc/collections/actors/items?limit=1"); rec.Code != http.StatusOK {
		t.Errorf("items while warming: %d, want 200", rec.Code)
	}
	close(st.release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		rec := get(t, h, "/readyz")
		if rec.Code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the warming could proceed: %d %s, want 200", rec.Code, rec.Body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
