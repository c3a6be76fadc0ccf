package server_test

import (
	"net/http"
	"testing"

	"github.com/maillage/maillage/server"
)

// TestCountLimit checks numberMatched is left out, not computed, once a
// query matches more features than the count limit, and given below it.
func TestCountLimit(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{CountLimit: 3}) // the test store has 5 actors
	cases := []struct {
		name, target string
		want         *int
	}{
		{"over the limit", "/ogc/collections/actors/items?limit=2", nil},
		{"at the limit", "/ogc/collections/partnerships/items?limit=2", intPtr(3)},
		{"a last page counts itself", "/ogc/collections/actors/items?limit=10", intPtr(5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, c.target)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			fc := decodeFC(t, rec.Body)
			switch {
			case c.want == nil && fc.NumberMatched != nil:
				t.Errorf("numberMatched %d, want none", *fc.NumberMatched)
			case c.want != nil && (fc.NumberMatched == nil || *fc.NumberMatched != *c.want):
				t.Errorf("numberMatched %v, want %d", fc.NumberMatched, *c.want)
			}
			if c.want == nil && fc.link("next") == "" {
				t.Error("no next link without numberMatched: clients could not page on")
			}
		})
	}
}

func intPtr(n int) *int { return &n }
