package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/maillage/maillage/server"
)

// BenchmarkRefusal measures what a refused heavy request costs the server
// (the heavy slots taken and the queue full): under a flood these come by
// tens of thousands a second, and their cost is taken from the requests the
// refusals protect.
func BenchmarkRefusal(b *testing.B) {
	st := &gatedStore{Store: newStore(b), gate: make(chan struct{}), entered: make(chan struct{}, 4)}
	h := newHandler(b, st, server.Config{HeavyInFlight: 1, HeavyQueue: 1})
	go get(b, h, "/api/flows?level=region") // running, held by the gate
	<-st.entered
	go get(b, h, "/api/flows?level=departement") // waiting
	time.Sleep(50 * time.Millisecond)
	req := httptest.NewRequest(http.MethodGet, "/api/flows?level=epci", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{header: http.Header{}}
		h.ServeHTTP(w, req)
		if w.code != http.StatusServiceUnavailable {
			b.Fatal(w.code)
		}
	}
	close(st.gate)
}
