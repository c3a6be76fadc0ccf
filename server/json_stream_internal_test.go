package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TestStreamJSONIsEncodingJSON: the large answers streamed by streamJSON
// are byte for byte what encoding/json writes (Marshal, plus the newline
// of an Encoder where asked): every commune's and every département's gap
// ranking, the flows of every level in both views and the actor cells of
// the demo, and values chosen for the encoders' corners (HTML and line
// separators in strings, floats across the switch to exponents, nil and
// empty slices and maps, raw JSON, unsorted map keys).
func TestStreamJSONIsEncodingJSON(t *testing.T) {
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	s := New(st, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	docs := map[string]any{}
	for _, l := range []geo.Level{geo.LevelCommune, geo.LevelDepartement} {
		r, err := s.analyst.RankGaps(ctx, l, geo.DomainAll, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		docs["gaps "+string(l)] = newGapsDoc(r, len(r.Rows))
	}
	for _, l := range []geo.Level{geo.LevelRegion, geo.LevelDepartement, geo.LevelEPCI} {
		sum, err := s.analyst.Flows(ctx, l, data.ItemsQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, view := range []string{viewFlows, viewTerritories} {
			docs["flows "+string(l)+" "+view] = flowsDocOf(sum, flowsParams{level: l, view: view})
		}
	}
	cells, err := s.analyst.ActorClusters(ctx, 6, data.ItemsQuery{BBox: &orb.Bound{Min: orb.Point{-5.5, 41}, Max: orb.Point{10, 51.5}}})
	if err != nil {
		t.Fatal(err)
	}
	docs["actor cells"] = actorClustersDocOf(6, cells)
	docs["corners"] = map[string]any{
		"z": []any{"<a href='x'>&</a>", "\u2028\u2029", "é\x7f", 1e-7, 1e-6, 0.1, 123456789.0, 1e20, 1e21, -0.0, math.MaxInt64, 1 << 60},
		"a": []int(nil), "m": map[string]int(nil), "e": []string{}, "raw": json.RawMessage(`{ "b" : [1, 2] }`),
		"s": struct {
			A string  `json:"a,omitempty"`
			B *int    `json:"b"`
			C float32 `json:"c"`
		}{C: 3.4028235e38},
	}
	for name, doc := range docs {
		for _, newline := range []bool{false, true} {
			want, err := json.Marshal(doc)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if newline {
				want = append(want, '\n')
			}
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(httptest.NewRequest("GET", "/", nil), rec)
			if err := streamJSON(c, 200, echo.MIMEApplicationJSON, doc, newline); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := rec.Body.Bytes(); !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s: %d bytes, encoding/json %d; first difference at byte %d: %q against %q", name, len(got), len(want), i,
					got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
			}
			if len(want) < 1000 && name != "corners" {
				t.Errorf("%s: %d bytes, a document too small to tell", name, len(want))
			}
		}
	}
}
