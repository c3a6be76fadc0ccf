package server_test

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/server"
)

// TestHTMLEscapesData checks that values from the store are escaped in the
// HTML pages, and that the items page is a table linking each feature and
// the map viewer.
func TestHTMLEscapesData(t *testing.T) {
	t.Parallel()
	ds := testDataset()
	ds.Actors[0].Name = `<script>alert("x")</script> & co`
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	h := newHandler(t, st, server.Config{})
	for _, target := range []string{"/ogc/collections/actors/items?f=html", "/ogc/collections/actors/items/1?f=html"} {
		body := get(t, h, target).Body.String()
		if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: the name is not escaped", target)
		}
	}
	body := get(t, h, "/ogc/collections/actors/items?f=html&limit=2").Body.String()
	for _, want := range []string{
		"<table>", "<th title=\"kind\">Type d&#39;acteur</th>",
		`href="http://example.com/ogc/collections/actors/items/2?f=html"`,
		`href="http://example.com/?collection=actors"`,
		`rel="next"`, "5 au total",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("items page lacks %s", want)
		}
	}
}
