package server_test

import (
	"slices"
	"testing"

	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
)

// TestViewerWithoutDemoDefaults opens the viewer on a dataset without the
// demo's default indicator (chomage): the page takes the catalogue's first
// one instead, and opens without an error.
func TestViewerWithoutDemoDefaults(t *testing.T) {
	skipBrowserInShort(t)
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	ds.Indicators = slices.DeleteFunc(ds.Indicators, func(i geo.Indicator) bool { return i.ID == "chomage" })
	ds.IndicatorValues = slices.DeleteFunc(ds.IndicatorValues, func(v geo.IndicatorValue) bool { return v.IndicatorID == "chomage" })
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	p := openViewer(t, st, "", 1366, 768)
	p.settle(t)
	if got, want := p.eval(t, `document.querySelector("#legende ol").dataset.indicateur`), ds.Indicators[0].ID; got != want {
		t.Errorf("the legend shows %v, want the catalogue's first indicator %s", got, want)
	}
	if _, console, _ := p.log.snapshot(); len(console) > 0 {
		t.Errorf("console: %v", console)
	}
}
