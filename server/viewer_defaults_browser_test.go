package server_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

// TestViewerInactiveActors closes every actor of Lyon (69123) in the demo:
// the tiles still draw them, carrying active false (greyed by the style),
// and a click on one says it is closed or dissolved.
func TestViewerInactiveActors(t *testing.T) {
	skipBrowserInShort(t)
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	closed := map[int64]bool{}
	var lon, lat float64
	for i := range ds.Actors {
		if a := &ds.Actors[i]; a.CommuneCode == "69123" {
			a.Inactive = true
			closed[a.ID] = true
			lon, lat = a.Location[0], a.Location[1]
		}
	}
	if len(closed) == 0 {
		t.Fatal("the demo has no actor in Lyon")
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	p := openViewer(t, st, fmt.Sprintf("#carte=13.00/%.4f/%.4f", lat, lon), 1366, 768)
	p.settle(t)
	var drawn []struct {
		ID     int64
		Active bool
	}
	p.evalInto(t, `window.maillage.map.queryRenderedFeatures({layers: ["acteurs"]}).map(f => ({id: f.id, active: f.properties.active}))`, &drawn)
	inLyon := 0
	for _, d := range drawn {
		if d.Active == closed[d.ID] {
			t.Errorf("actor %d drawn with active %v, closed %v", d.ID, d.Active, closed[d.ID])
		}
		if closed[d.ID] {
			inLyon++
		}
	}
	if inLyon == 0 {
		t.Fatalf("no closed actor of Lyon drawn among %d", len(drawn))
	}
	var target *spot
	for _, s := range p.actorSpots(t) {
		if closed[s.ID] {
			target = &s
			break
		}
	}
	if target == nil {
		t.Fatal("no closed actor of Lyon to click")
	}
	if err := chromedp.Do(p.ctx, chromedp.MouseClickXY(target.X, target.Y)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](fmt.Sprintf(`!!document.querySelector('.popup[data-acteur="%d"] .inactif')`, target.ID),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the popup of closed actor %d does not say so: %v (%v)", target.ID, err,
			p.eval(t, `[...document.querySelectorAll(".maplibregl-popup")].map(e => e.innerText).join(" | ")`))
	}
	p.screenshot(t, "acteurs-inactifs.png")
	if _, console, _ := p.log.snapshot(); len(console) > 0 {
		t.Errorf("console: %v", console)
	}
}
