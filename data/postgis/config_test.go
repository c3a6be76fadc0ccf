package postgis

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSessionSettings(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	s, err := Open(context.Background(), Config{URL: dbURL, StatementTimeout: 1500 * time.Millisecond, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[string]string{"statement_timeout": "1500ms", "max_parallel_workers_per_gather": "0", "jit": "off",
		"random_page_cost": "1.1"}
	for name, value := range want {
		var got string
		if err := s.pool.QueryRow(context.Background(), "SELECT current_setting($1)", name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != value {
			t.Errorf("%s: got %q, want %q", name, got, value)
		}
	}
}

func TestStatementTimeoutIsADeadline(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	ctx := context.Background()
	s, err := Open(ctx, Config{URL: dbURL, StatementTimeout: 100 * time.Millisecond, MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.pool.Exec(ctx, "SELECT pg_sleep(5)")
	if err = translate(ctx, err); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want context.DeadlineExceeded", err)
	}
	// The connection is still usable after the timeout.
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after a timeout: %v", err)
	}
}

func TestCanceledQueryFreesTheConnection(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	ctx := context.Background()
	s, err := Open(ctx, Config{URL: dbURL, MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 5 {
		c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		_, err := s.pool.Exec(c, "SELECT pg_sleep(5)")
		cancel()
		if err = translate(c, err); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want the context's deadline", err)
		}
	}
	// With one connection, five abandoned queries must not have left the
	// pool stuck: stuck is for good, so the bound is generous. 5 s once
	// failed under the whole suite's load (the pool's one connection is
	// made anew, PostGIS warm-up included, while the demo loads beside).
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := s.Ping(c); err != nil {
		t.Errorf("Ping after canceled queries: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	if _, err := Open(context.Background(), Config{}); err == nil {
		t.Error("Open with no URL: got no error")
	}
	if _, err := Open(context.Background(), Config{URL: "postgres://%zz"}); err == nil {
		t.Error("Open with a bad URL: got no error")
	}
}

// TestKeepConns: with KeepConns the whole pool is opened in the background
// once the store opens, before any request asks for a connection; without
// it the pool holds only what was asked for (the ping's one).
func TestKeepConns(t *testing.T) {
	t.Parallel()
	dbURL := testDatabaseURL(t)
	for _, keep := range []bool{true, false} {
		s, err := Open(context.Background(), Config{URL: dbURL, MaxConns: 3, KeepConns: keep})
		if err != nil {
			t.Fatal(err)
		}
		want := int32(1)
		if keep {
			want = 3
		}
		deadline := time.Now().Add(10 * time.Second)
		for s.PoolStats().Total != want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		// Without KeepConns, a while longer: nothing should open more.
		if !keep {
			time.Sleep(200 * time.Millisecond)
		}
		if got := s.PoolStats().Total; got != want {
			t.Errorf("KeepConns %v: %d connections open, want %d", keep, got, want)
		}
		s.Close()
	}
}
