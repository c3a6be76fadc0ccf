package server_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
)

// TestVocabulary checks that every code of geo has a French label (and the
// drawn ones a colour), in geo's order, and that parameters are refused.
func TestVocabulary(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	rec := get(t, h, "/api/vocabulary")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	type term struct{ Code, Label, Singular, Color string }
	var v map[string][]term
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	codes := func(list []term) []string {
		out := make([]string, len(list))
		for i, x := range list {
			out[i] = x.Code
		}
		return out
	}
	cases := []struct {
		list            string
		want            []string
		color, singular bool
	}{
		{"kinds", stringsOf(geo.ActorKinds), true, true},
		{"categories", stringsOf(geo.Categories), false, false},
		{"domains", stringsOf(geo.Domains), false, false},
		{"scales", stringsOf(geo.Scales), true, false},
		{"levels", stringsOf(geo.Levels), false, false},
	}
	for _, c := range cases {
		got := v[c.list]
		if g := codes(got); !slices.Equal(g, c.want) {
			t.Errorf("%s: codes %v, want %v", c.list, g, c.want)
		}
		for _, x := range got {
			if x.Label == "" || x.Label == x.Code && c.list != "levels" || (c.color && x.Color == "") || (c.singular && x.Singular == "") {
				t.Errorf("%s: %+v lacks a French label, colour or singular", c.list, x)
			}
		}
	}
	if rec := get(t, h, "/api/vocabulary?lang=en"); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown parameter: status %d, want 400", rec.Code)
	}
}

func stringsOf[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
