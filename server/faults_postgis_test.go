package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// TestDatabaseGoesAway serves from a PostgreSQL cluster of the test's own,
// then stops it: /healthz stays 200, /readyz and data requests answer 503
// with Retry-After within a second (never a 500, never the driver's text),
// and once the cluster is started again every request answers within 5 s,
// without restarting anything.
func TestDatabaseGoesAway(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	ctx := context.Background()
	cluster := pgtest.NewCluster(t)
	conn, err := pgx.Connect(ctx, cluster.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE maillage"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	dbURL := cluster.URL("maillage")
	if err := postgis.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	st, err := postgis.Open(ctx, postgis.Config{URL: dbURL, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	if err := st.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, st, server.Config{})

	targets := []string{"/readyz", "/ogc/collections/actors/items?limit=5", "/api/stats?level=departement&territory=69",
		"/ogc/collections/actors/items/1"}
	for _, target := range targets {
		if rec := get(t, h, target); rec.Code != http.StatusOK {
			t.Fatalf("before: %s: %d %s", target, rec.Code, rec.Body)
		}
	}

	cluster.Stop()
	if rec := get(t, h, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("database down: /healthz %d, want 200 (the process is alive)", rec.Code)
	}
	for _, target := range targets {
		start := time.Now()
		rec := get(t, h, target)
		took := time.Since(start)
		body := rec.Body.String()
		switch {
		case rec.Code != http.StatusServiceUnavailable:
			t.Errorf("database down: %s: %d, want 503: %s", target, rec.Code, body)
		case took > time.Second:
			t.Errorf("database down: %s took %s, want a fast 503", target, took)
		case rec.Header().Get("Retry-After") == "":
			t.Errorf("database down: %s: 503 without Retry-After", target)
		case !strings.Contains(rec.Header().Get("Content-Type"), "application/problem+json"):
			t.Errorf("database down: %s: Content-Type %q", target, rec.Header().Get("Content-Type"))
		}
		// The problem's words, not its request_id, whose random letters
		// once spelled "EOF".
		var p struct{ Type, Title, Detail string }
		words := body
		if json.Unmarshal(rec.Body.Bytes(), &p) == nil {
			words = p.Type + " " + p.Title + " " + p.Detail
		}
		for _, leak := range []string{"dial", "refused", "EOF", "pgx", "127.0.0.1", "SQLSTATE", "terminating", "shutdown"} {
			if strings.Contains(words, leak) {
				t.Errorf("database down: %s: the answer shows the driver's error (%q): %s", target, leak, body)
			}
		}
	}

	cluster.Start()
	back := time.Now()
	for _, target := range targets {
		for {
			rec := get(t, h, target)
			if rec.Code == http.StatusOK {
				break
			}
			if time.Since(back) > 5*time.Second {
				t.Fatalf("database back: %s still %d after %s: %s", target, rec.Code, time.Since(back), rec.Body)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	t.Logf("every request answered again %s after the cluster was started", time.Since(back).Round(time.Millisecond))
}
