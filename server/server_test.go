package server_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/server"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	rec := get(t, h, "/healthz")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"ok"`) {
		t.Errorf("got %d %s, want 200 ok", rec.Code, rec.Body)
	}
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	rec := get(t, newHandler(t, st, server.Config{}), "/readyz")
	if rec.Code != http.StatusOK {
		t.Errorf("ready store: status %d, want 200: %s", rec.Code, rec.Body)
	}

	down := storeFunc{Store: st, ping: func(context.Context) error { return errors.New("dial tcp: connection refused") }}
	rec = get(t, newHandler(t, down, server.Config{}), "/readyz")
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("store down: status %d, want 503", rec.Code)
	}
	if p := decodeProblem(t, rec); strings.Contains(p.Detail, "refused") {
		t.Errorf("detail %q leaks the store's error text", p.Detail)
	}
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		name, sent string
		kept       bool
	}{
		{"none", "", false},
		{"uuid", "0f8fad5b-d9cb-469f-a165-70867728950e", true},
		{"token", "req.42_a:b", true},
		{"spaces", "a b", false},
		{"too long", strings.Repeat("a", 129), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/healthz", "X-Request-ID", tc.sent)
			got := rec.Header().Get("X-Request-ID")
			if got == "" {
				t.Fatal("no X-Request-ID in the response")
			}
			if (got == tc.sent) != tc.kept {
				t.Errorf("sent %q, got %q; kept = %v, want %v", tc.sent, got, got == tc.sent, tc.kept)
			}
		})
	}
}

// TestCompression checks the negotiation of Content-Encoding: zstd or
// gzip as the client ranks them (zstd on a tie), nothing for a refused or
// unknown coding, a wildcard (clients that send "*" tend to expect plain
// bytes), a tiny body or a problem document; the body decodes to the
// whole answer.
func TestCompression(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{GzipMinBytes: 400})
	const big = "/ogc/collections/departements/items" // polygons: over 400 bytes
	cases := []struct {
		name, target, accept string
		encoding             string
	}{
		{"gzip asked", big, "gzip, deflate", "gzip"},
		{"gzip with quality", big, "br;q=1.0, gzip;q=0.5", "gzip"},
		{"zstd asked", big, "zstd", "zstd"},
		{"a browser's list", big, "gzip, deflate, br, zstd", "zstd"},
		{"gzip ranked first", big, "gzip;q=1, zstd;q=0.5", "gzip"},
		{"not asked", big, "", ""},
		{"refused", big, "gzip;q=0", ""},
		{"other coding", big, "br", ""},
		{"wildcard", big, "*", ""},
		{"tiny body", "/healthz", "gzip", ""},
		{"tiny problem", "/ogc/collections/actors/items?limit=0", "gzip, zstd", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, tc.target, "Accept-Encoding", tc.accept)
			if got := rec.Header().Get("Content-Encoding"); got != tc.encoding {
				t.Fatalf("Content-Encoding %q, want %q", got, tc.encoding)
			}
			if tc.target != big {
				return
			}
			if vary := strings.Join(rec.Header().Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
				t.Errorf("Vary %q lacks Accept-Encoding", vary)
			}
			var body io.Reader = rec.Body
			switch tc.encoding {
			case "gzip":
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				body = zr
			case "zstd":
				zr, err := zstd.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				defer zr.Close()
				body = zr
			}
			if fc := decodeFC(t, body); len(fc.Features) != wantCounts[data.CollectionDepartements] {
				t.Errorf("%d features after decoding", len(fc.Features))
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	get(t, h, "/ogc/collections/actors/items")
	get(t, h, "/ogc/collections/actors/items?limit=0")
	get(t, h, "/no/such/path/42")
	get(t, h, "/api/flows?level=region") // computed: a miss
	// The same question in another encoding: another answer (ETag), the
	// same analysis, kept: a hit.
	get(t, h, "/api/flows?level=region", "Accept-Encoding", "gzip")
	get(t, h, "/api/flows?level=region") // the same answer: from the response cache
	rec := get(t, h, "/metrics")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`maillage_http_requests_total{method="GET",route="/ogc/collections/:collectionId/items",status="200"} 1`,
		`maillage_http_requests_total{method="GET",route="/ogc/collections/:collectionId/items",status="400"} 1`,
		`maillage_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`maillage_http_request_duration_seconds_bucket{method="GET",route="/ogc/collections/:collectionId/items",status="200",le="+Inf"} 1`,
		`go_goroutines`,
		"maillage_analysis_cache_hits_total 1\n",
		"maillage_analysis_cache_misses_total 1\n",
		"maillage_analysis_cache_entries 1\n",
		"maillage_analysis_cache_limit_bytes 2.68435456e+08\n",
		"maillage_response_cache_hits_total 1\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "/no/such/path") {
		t.Error("a raw path became a label")
	}
}

func TestDeadlineIs504(t *testing.T) {
	t.Parallel()
	slow := storeFunc{Store: newStore(t), items: func(ctx context.Context, _ string, _ data.ItemsQuery, _ data.EmitFunc) error {
		<-ctx.Done()
		return ctx.Err()
	}}
	h := newHandler(t, slow, server.Config{RequestTimeout: 20 * time.Millisecond})
	rec := get(t, h, "/ogc/collections/actors/items")
	if rec.Code != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 504: %s", rec.Code, rec.Body)
	}
	decodeProblem(t, rec)
}

func TestPanicIs500(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	bad := storeFunc{Store: st, items: func(context.Context, string, data.ItemsQuery, data.EmitFunc) error {
		panic("index out of range")
	}}
	h := newHandler(t, bad, server.Config{})
	rec := get(t, h, "/ogc/collections/actors/items")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if p := decodeProblem(t, rec); strings.Contains(p.Detail, "index") {
		t.Errorf("detail %q leaks the panic", p.Detail)
	}
	if rec := get(t, h, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("after a panic /healthz answers %d", rec.Code)
	}
}

// TestStoreFails checks both ways a stream can fail: before its first
// bytes left (a page smaller than the server's buffer), which still gets a
// 500 problem; and after, which must cut the connection so that the client
// sees an error rather than a short document it might take for complete.
func TestStoreFails(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	pad := strings.Repeat("x", 1000)
	feature := []byte(`{"type":"Feature","id":1,"geometry":null,"properties":{"pad":"` + pad + `"}}`)
	failAfter := func(n int) data.Store {
		return storeFunc{Store: st, items: func(ctx context.Context, _ string, _ data.ItemsQuery, emit data.EmitFunc) error {
			for range n {
				if err := emit(feature); err != nil {
					return err
				}
			}
			return errors.New("connection to database lost")
		}}
	}
	for _, gz := range []string{"", "gzip"} {
		t.Run("early "+gz, func(t *testing.T) {
			t.Parallel()
			rec := get(t, newHandler(t, failAfter(3), server.Config{}), "/ogc/collections/actors/items", "Accept-Encoding", gz)
			if rec.Code != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500", rec.Code)
			}
			if p := decodeProblem(t, rec); strings.Contains(p.Detail, "database") {
				t.Errorf("detail %q leaks the store's error", p.Detail)
			}
		})
		t.Run("late "+gz, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(newHandler(t, failAfter(200), server.Config{}))
			t.Cleanup(srv.Close)
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/ogc/collections/actors/items", nil)
			req.Header.Set("Accept-Encoding", gz)
			// Compression off in the transport: it would ask for gzip
			// itself and hide which case runs.
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			res, err := client.Do(req)
			if err != nil {
				if gz == "" {
					t.Fatalf("200 KB were sent before the failure, yet: %v", err)
				}
				// gzip shrank the padding to almost nothing, still in
				// the server's buffers: the client sees the cut before
				// the status line, which is as good.
				return
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: 200 was meant to be sent with the first bytes", res.StatusCode)
			}
			body := io.Reader(res.Body)
			if gz != "" {
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					return // cut inside the gzip header
				}
				body = zr
			}
			if _, err := io.ReadAll(body); err == nil {
				t.Error("the truncated stream read without error")
			}
		})
	}
}

// TestCancelledClients hangs up many requests, some before the store
// answers and some after the first 50 KB went out, against a store that
// never finishes on its own: every store call must still return (the
// hang-up reached it through the context), and the server must go on
// answering in full.
func TestCancelledClients(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	feature := []byte(`{"type":"Feature","id":1,"geometry":null,"properties":{"pad":"` + strings.Repeat("x", 1000) + `"}}`)
	const n = 40
	// entered[i] is closed when client i's request reaches the store: half
	// the clients leave only then (so store calls are certain to be
	// cancelled, however slow the machine), the other half after a few
	// milliseconds, wherever their request then is.
	var entered [n]chan struct{}
	for i := range entered {
		entered[i] = make(chan struct{})
	}
	var started, returned atomic.Int64
	stuck := storeFunc{Store: st, items: func(ctx context.Context, _ string, q data.ItemsQuery, emit data.EmitFunc) error {
		started.Add(1)
		defer returned.Add(1)
		if q.Offset%2 == 1 { // the slow path with bytes on the wire first
			for range 50 {
				if err := emit(feature); err != nil {
					return err
				}
			}
		}
		if q.Offset >= 0 && q.Offset < n {
			close(entered[q.Offset])
		}
		<-ctx.Done()
		return ctx.Err()
	}}
	srv := httptest.NewServer(newHandler(t, stuck, server.Config{}))
	t.Cleanup(srv.Close)

	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			wait := time.Duration(1+i%10) * 2 * time.Millisecond
			if i%4 < 2 {
				wait = 10 * time.Second
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				select {
				case <-entered[i]:
				case <-ctx.Done():
				case <-time.After(wait):
				}
				cancel()
			}()
			url := fmt.Sprintf("%s/ogc/collections/actors/items?offset=%d", srv.URL, i)
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if res, err := http.DefaultClient.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
	}
	wg.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for returned.Load() < started.Load() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if started.Load() < n/2 || returned.Load() != started.Load() {
		t.Fatalf("%d store calls, %d returned after their client left; want at least %d, all returned", started.Load(), returned.Load(), n/2)
	}

	// The same server still answers in full (Item is the real store's).
	for _, path := range []string{"/healthz", "/ogc/collections/actors/items/1", "/ogc/collections/communes/items/69123"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatalf("after the cancellations, %s: %v", path, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || !json.Valid(body) {
			t.Errorf("after the cancellations, %s: status %d, %v, %q", path, res.StatusCode, err, body)
		}
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	release := make(chan struct{})
	inStore := make(chan struct{})
	held := storeFunc{Store: st, items: func(ctx context.Context, col string, q data.ItemsQuery, emit data.EmitFunc) error {
		close(inStore)
		<-release
		return st.Items(ctx, col, q, emit)
	}}
	s := server.New(held, server.Config{ShutdownTimeout: 5 * time.Second}, testLogger(t))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	// A request in flight when shutdown starts must still complete.
	got := make(chan int, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/ogc/collections/actors/items")
		if err != nil {
			got <- 0
			return
		}
		defer res.Body.Close()
		var fc featureCollection
		if err := json.NewDecoder(res.Body).Decode(&fc); err != nil || len(fc.Features) != 5 {
			got <- -1
			return
		}
		got <- res.StatusCode
	}()
	<-inStore
	stop()
	time.Sleep(50 * time.Millisecond) // let Shutdown close the listener
	close(release)
	if code := <-got; code != http.StatusOK {
		t.Errorf("request in flight during shutdown: got %d, want 200", code)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v, want nil after a graceful shutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context was cancelled")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func TestRunReportsListenError(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := server.New(newStore(t), server.Config{Addr: ln.Addr().String()}, testLogger(t))
	if err := s.Run(context.Background()); err == nil {
		t.Error("Run on a busy port returned nil")
	}
}
