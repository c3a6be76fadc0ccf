package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// pgProxy forwards TCP connections to a PostgreSQL server, and can go down
// (its listener closed and every connection cut, as when the database
// stops or the network fails) and come back on the same address.
type pgProxy struct {
	t      *testing.T
	addr   string // where clients connect
	target string // the real server
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newPGProxy(t *testing.T, target string) *pgProxy {
	p := &pgProxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *pgProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); s.Close() }()
			go func() { _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
}

// down refuses new connections and cuts the open ones.
func (p *pgProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// up listens again on the same address.
func (p *pgProxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.serve(ln)
}

// TestDatabaseGoesAway serves from PostGIS through a proxy that then goes
// down, as a stopped database or a broken network would look to Maillage:
// /healthz stays 200, /readyz and data requests answer 503 with
// Retry-After within a second (never a 500, never the driver's text), and
// once the database is back every request answers again within 5 s,
// without restarting anything.
func TestDatabaseGoesAway(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.Database(t, "maillage_faults_")
	ctx := context.Background()
	if err := postgis.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	loader, err := postgis.Open(ctx, postgis.Config{URL: dbURL, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer loader.Close()
	if err := loader.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newPGProxy(t, u.Host)
	u.Host = proxy.addr
	st, err := postgis.Open(ctx, postgis.Config{URL: u.String(), MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	h := newHandler(t, st, server.Config{})

	targets := []string{"/readyz", "/ogc/collections/actors/items?limit=5", "/api/stats?level=departement&territory=69",
		"/ogc/collections/actors/items/1"}
	for _, target := range targets {
		if rec := get(t, h, target); rec.Code != http.StatusOK {
			t.Fatalf("before: %s: %d %s", target, rec.Code, rec.Body)
		}
	}

	proxy.down()
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
		for _, leak := range []string{"dial", "refused", "EOF", "pgx", "127.0.0.1", "SQLSTATE"} {
			if strings.Contains(body, leak) {
				t.Errorf("database down: %s: the answer shows the driver's error (%q): %s", target, leak, body)
			}
		}
	}

	proxy.up()
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
	t.Logf("every request answered again %s after the database came back", time.Since(back).Round(time.Millisecond))
}
