package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// TestAbortStorm has 1 000 clients ask for large pages at once through a
// real HTTP server on PostGIS, with a pool of 4 connections so most wait,
// and hang up after the first bytes (or before any). Afterwards no request
// may be stuck and no connection held: the pool goes back to idle within
// a few seconds, /metrics says so, and the next page is whole and fast. A
// known failure of pg_featureserv is a pool deadlocked for good by such a
// storm.
func TestAbortStorm(t *testing.T) {
	t.Parallel()
	url := pgtest.Database(t, "maillage_abort_")
	ctx := context.Background()
	if err := postgis.Migrate(ctx, url); err != nil {
		t.Fatal(err)
	}
	st, err := postgis.Open(ctx, postgis.Config{URL: url, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	ds := testDataset()
	for i := range 12000 {
		ds.Actors = append(ds.Actors, geo.Actor{
			ID: int64(1000 + i), Name: fmt.Sprintf("Acteur %d", i), Kind: geo.KindAssociation,
			CommuneCode: "69123", Country: "FR", Precision: geo.PrecisionApproximate,
			Location: orb.Point{4.8 + float64(i%100)/1000, 45.7 + float64(i/100)/1000}, Reach: geo.ScaleLocal,
		})
	}
	if err := st.LoadDataset(ctx, ds, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newHandler(t, st, server.Config{}))
	t.Cleanup(srv.Close)
	page := func(i int) string { // distinct pages, so no answer comes from the response cache
		return fmt.Sprintf("%s/ogc/collections/actors/items?limit=10000&bbox=4.7,45.6,5.0,%.6f", srv.URL, 45.9+float64(i)/1e6)
	}

	const clients = 1000
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: maillage\r\n\r\n", strings.TrimPrefix(page(i), srv.URL))
			if i%2 == 0 { // half read the first bytes, half none
				buf := make([]byte, 512)
				_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
				_, _ = conn.Read(buf)
			}
			// Closing with unread data resets the connection: the
			// server's next write fails.
		}()
	}
	wg.Wait()

	pools := st.PoolStats
	deadline := time.Now().Add(10 * time.Second)
	for {
		p := pools()
		if p.Acquired == 0 && p.Constructing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the storm the pool still holds %d connections (%+v)", p.Acquired, p)
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"maillage_db_pool_acquired_connections 0", "maillage_http_requests_in_flight 1"} {
		if !strings.Contains(string(metrics), want+"\n") {
			t.Errorf("/metrics after the storm lacks %q", want)
		}
	}

	// The next page is whole, and so is the same page asked again (from the
	// response cache: nothing an aborted request wrote may have been kept).
	for range 2 {
		start := time.Now()
		res, err := http.Get(page(0))
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []json.RawMessage `json:"features"`
		}
		err = json.NewDecoder(res.Body).Decode(&fc)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("after the storm: %d %v", res.StatusCode, err)
		}
		want, err := st.CountItems(ctx, data.CollectionActors, data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{4.7, 45.6}, Max: orb.Point{5.0, 45.9}}})
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(fc.Features)) != min(want, 10000) {
			t.Errorf("after the storm: %d features, want %d", len(fc.Features), min(want, 10000))
		}
		t.Logf("a 10 000-feature page after the storm: %s", time.Since(start).Round(time.Millisecond))
	}
}
