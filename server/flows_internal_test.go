package server

import (
	"encoding/json"
	"testing"

	"github.com/maillage/maillage/geo"
)

// TestFlowPropsNameEveryScale: the flows' property structs have one count
// per scale of geo.Scales, under the names the maps they replaced gave
// (the scale, "internal_" and the scale), and nothing else per scale.
func TestFlowPropsNameEveryScale(t *testing.T) {
	t.Parallel()
	keys := func(v any) map[string]bool {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for k := range m {
			out[k] = true
		}
		return out
	}
	pair, territory := keys(pairProps{}), keys(territoryFlowProps{})
	for _, sc := range geo.Scales {
		if !pair[string(sc)] || !territory["internal_"+string(sc)] {
			t.Errorf("scale %s: no property in pairProps %v or territoryFlowProps %v", sc, pair, territory)
		}
	}
	if want := 5 + len(geo.Scales); len(pair) != want {
		t.Errorf("pairProps has %d properties, want %d (a, a_name, b, b_name, count and the scales)", len(pair), want)
	}
	if want := 6 + len(geo.Scales); len(territory) != want {
		t.Errorf("territoryFlowProps has %d properties, want %d", len(territory), want)
	}
}
