package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
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

// TestEarlyRetries: a client refused a heavy analysis that asks again on
// its connection before its Retry-After is held until then and only then
// admitted; another connection from the same address, and cheap
// requests, are not held; with holds off, or their bound
// reached, an early request is refused at once; a held request whose
// client leaves ends at once.
func TestEarlyRetries(t *testing.T) {
	t.Parallel()
	// Two connections from one address: b must not pay for a's refusal.
	const clientA, clientB = "198.51.100.1:4000", "198.51.100.1:4001"
	// saturated starts a handler whose one heavy slot and one queue place
	// are taken by client a, then has a refused once (its Retry-After
	// starts), and returns the gate ending the two and their wait group.
	saturated := func(t *testing.T, held int) (http.Handler, func()) {
		st := &gatedStore{Store: newStore(t), gate: make(chan struct{}), entered: make(chan struct{}, 8)}
		h := newHandler(t, st, server.Config{HeavyInFlight: 1, HeavyQueue: 1, HeldRetries: held})
		var wg sync.WaitGroup
		wg.Go(func() { getFrom(h, "/api/flows?level=region", clientA) })
		<-st.entered
		wg.Go(func() { getFrom(h, "/api/flows?level=departement", clientA) })
		time.Sleep(50 * time.Millisecond)
		if rec := getFrom(h, "/api/flows?level=epci", clientA); rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("a third heavy request: %d, want 503", rec.Code)
		}
		return h, func() { close(st.gate); wg.Wait() }
	}
	// refusedAtOnce checks that a heavy request of client is refused in
	// well under a second, naming reason when not empty.
	refusedAtOnce := func(t *testing.T, h http.Handler, client, reason string) {
		t.Helper()
		start := time.Now()
		rec := getFrom(h, "/api/flows?level=region&top=3", client)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" ||
			!strings.Contains(rec.Body.String(), reason) {
			t.Errorf("client %s: status %d, Retry-After %q: %s", client, rec.Code, rec.Header().Get("Retry-After"), rec.Body)
		}
		if d := time.Since(start); d > 300*time.Millisecond {
			t.Errorf("client %s was refused after %v: it must not be held", client, d)
		}
	}

	t.Run("held then admitted", func(t *testing.T) {
		t.Parallel()
		h, release := saturated(t, 0)
		refusedAtOnce(t, h, clientB, "overloaded") // b's connection was never refused: not held
		early := make(chan int, 1)
		start := time.Now()
		go func() { early <- getFrom(h, "/api/flows?level=region&top=2", clientA).Code }()
		if rec := getFrom(h, "/ogc/collections/actors/items?limit=2", clientA); rec.Code != http.StatusOK {
			t.Errorf("a cheap request of the refused client: %d, want 200 at once", rec.Code)
		}
		time.Sleep(200 * time.Millisecond)
		select {
		case code := <-early:
			t.Fatalf("the early request of client a ended after %v with %d: want it held until its Retry-After", time.Since(start), code)
		default:
		}
		release() // the slots free up while it is held
		if code := <-early; code != http.StatusOK {
			t.Errorf("the early request once its Retry-After was over: %d, want 200 (the slots are free)", code)
		}
	})
	t.Run("holds off", func(t *testing.T) {
		t.Parallel()
		h, release := saturated(t, -1)
		defer release()
		refusedAtOnce(t, h, clientA, "overloaded")
	})
	t.Run("bound reached", func(t *testing.T) {
		t.Parallel()
		h, release := saturated(t, 1)
		defer release()
		ctx, cancel := context.WithCancel(context.Background())
		left := make(chan time.Duration, 1)
		go func() { // held, until its client leaves
			req := httptest.NewRequest(http.MethodGet, "/api/flows?level=region&top=2", nil).WithContext(ctx)
			req.RemoteAddr = clientA
			start := time.Now()
			h.ServeHTTP(httptest.NewRecorder(), req)
			left <- time.Since(start)
		}()
		time.Sleep(100 * time.Millisecond)
		refusedAtOnce(t, h, clientA, "early retries")
		cancel()
		if d := <-left; d > 700*time.Millisecond {
			t.Errorf("a held request whose client left ended after %v: want at once", d)
		}
	})
}

// getFrom sends one GET through h from the client at addr (host:port).
func getFrom(h http.Handler, target, addr string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
