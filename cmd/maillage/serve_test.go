package main

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var readyURL = regexp.MustCompile(`url=(http://\S+)`)

// startServe runs `maillage serve` with args until the test ends and
// returns the base URL it listens on and its stderr.
func startServe(t *testing.T, env map[string]string, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- newTestApp(env, &stdout, &stderr).execute(ctx, append([]string{"serve"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d after SIGINT-like cancel; stderr:\n%s", code, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10 s of its context being cancelled")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := readyURL.FindStringSubmatch(stderr.String()); m != nil {
			u := m[1]
			return u[:strings.Index(u, "/ogc/")], &stderr
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before it was ready; stderr:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve not ready after 20 s; stderr:\n%s", stderr.String())
	return "", nil
}

// TestServeDataDir serves a dataset directory; the flag --addr must win
// over a broken MAILLAGE_ADDR, and start-up must be logged with its time.
func TestServeDataDir(t *testing.T) {
	t.Parallel()
	env := map[string]string{"MAILLAGE_ADDR": "not an address", "MAILLAGE_LOG_FORMAT": "text"}
	base, stderr := startServe(t, env, "--addr", "127.0.0.1:0", "--data-dir", "testdata/dataset")
	if log := stderr.String(); !strings.Contains(log, "startup=") || !strings.Contains(log, "store=memory:testdata/dataset") {
		t.Errorf("the ready line lacks the start-up time or the store:\n%s", log)
	}
	res, err := http.Get(base + "/ogc/collections/actors/items?limit=2")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var fc struct {
		Features       []json.RawMessage
		NumberMatched  int
		NumberReturned int
		Links          []struct{ Href, Rel string }
	}
	if err := json.NewDecoder(res.Body).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || fc.NumberReturned != 2 || fc.NumberMatched != 3 {
		t.Errorf("status %d, returned %d, matched %d; want 200, 2, 3", res.StatusCode, fc.NumberReturned, fc.NumberMatched)
	}
	for _, l := range fc.Links {
		if l.Rel == "next" && !strings.HasPrefix(l.Href, base+"/ogc/") {
			t.Errorf("next %q is not under %s", l.Href, base)
		}
	}
	if res, err := http.Get(base + "/readyz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/readyz: %v %v", res, err)
	}
}
