package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
)

// gatedStore holds every Flows call until the gate opens.
type gatedStore struct {
	data.Store
	gate    chan struct{}
	entered chan struct{}
}

func (g *gatedStore) Flows(ctx context.Context, l geo.Level, q data.ItemsQuery) (geo.FlowSummary, error) {
	g.entered <- struct{}{}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return geo.FlowSummary{}, ctx.Err()
	}
	return g.Store.Flows(ctx, l, q)
}

// TestHeavyAdmission: with one heavy request running and one waiting, a
// third is refused at once with 503, Retry-After and a problem document;
// the waiting one is refused once its wait is over; a cheap request is
// served meanwhile; once the running one ends, heavy requests are served
// again.
func TestHeavyAdmission(t *testing.T) {
	t.Parallel()
	st := &gatedStore{Store: newStore(t), gate: make(chan struct{}), entered: make(chan struct{}, 4)}
	h := newHandler(t, st, server.Config{HeavyInFlight: 1, HeavyQueue: 1, HeavyWait: 300 * time.Millisecond})
	var wg sync.WaitGroup
	codes := make(chan int, 2)
	wg.Go(func() { codes <- get(t, h, "/api/flows?level=region").Code }) // runs, held by the gate
	<-st.entered
	wg.Go(func() { codes <- get(t, h, "/api/flows?level=departement").Code }) // waits
	time.Sleep(50 * time.Millisecond)

	start := time.Now()
	rec := get(t, h, "/api/flows?level=epci")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), "urn:maillage:problem:overloaded") {
		t.Errorf("a third heavy request: status %d, Retry-After %q, %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("the refusal took %v: it must not wait", d)
	}
	if rec := get(t, h, "/ogc/collections/actors/items?limit=2"); rec.Code != http.StatusOK {
		t.Errorf("a cheap request while heavy ones run: status %d", rec.Code)
	}
	time.Sleep(400 * time.Millisecond) // past the waiting one's HeavyWait
	close(st.gate)
	wg.Wait()
	close(codes)
	var got []int
	for c := range codes {
		got = append(got, c)
	}
	if !((got[0] == 200 && got[1] == 503) || (got[0] == 503 && got[1] == 200)) {
		t.Errorf("the running and the waiting request: %v, want one 200 and one 503", got)
	}
	if rec := get(t, h, "/api/flows?level=epci"); rec.Code != http.StatusOK {
		t.Errorf("after the flood: status %d, want 200", rec.Code)
	}
}

// TestMaxInFlight: with the bound reached by requests held in the store,
// any other request (cheap or not) is refused at once with 503, while the
// probes still answer; once the held ones end, requests are served again.
func TestMaxInFlight(t *testing.T) {
	t.Parallel()
	st := &gatedStore{Store: newStore(t), gate: make(chan struct{}), entered: make(chan struct{}, 4)}
	h := newHandler(t, st, server.Config{MaxInFlight: 2, HeavyInFlight: 4})
	var wg sync.WaitGroup
	for _, level := range []string{"region", "departement"} {
		wg.Go(func() { get(t, h, "/api/flows?level="+level) })
		<-st.entered
	}
	start := time.Now()
	rec := get(t, h, "/ogc/collections/actors/items?limit=2")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), "too many requests are being answered") {
		t.Errorf("a third request: status %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("the refusal took %v: it must not wait", d)
	}
	for _, probe := range []string{"/healthz", "/readyz", "/metrics"} {
		if rec := get(t, h, probe); rec.Code != http.StatusOK {
			t.Errorf("%s at the bound: %d", probe, rec.Code)
		}
	}
	close(st.gate)
	wg.Wait()
	if rec := get(t, h, "/ogc/collections/actors/items?limit=2"); rec.Code != http.StatusOK {
		t.Errorf("after: %d", rec.Code)
	}
}
