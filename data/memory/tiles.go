package memory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// Tile implements data.Store with orb's MVT encoding: the features of the
// tile's buffered box, found as Items finds them (R-tree, then the exact
// intersection test and the filters), cut by geo.TileGeometry, which does
// what ST_AsMVTGeom does in PostGIS. Candidates are found by envelope in
// the R-tree and filtered as Items filters them.
//
// Property values are read back from each feature's GeoJSON text, the one
// rendering of a feature this store keeps: what a tile says is what the
// items say.
func (s *Store) Tile(ctx context.Context, collection string, t maptile.Tile, q data.ItemsQuery, budget int) ([]byte, error) {
	c, err := s.collection(collection)
	if err != nil {
		return nil, err
	}
	if err := data.CheckTile(t); err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, err)
	}
	props, err := c.meta.TileProperties(q.Properties)
	if err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, err)
	}
	tq := data.TileQuery(t, q)
	box := *tq.BBox
	tq.BBox = nil
	sel, err := c.selection(tq)
	if err != nil {
		return nil, fmt.Errorf("tile of %s: %w", collection, err)
	}
	if sel.none || !c.hasExtent {
		return nil, nil
	}
	// Envelopes only: a line is straight in Web Mercator once in the tile,
	// not in lon/lat, so the exact lon/lat test could drop a line the
	// tile shows; geo.TileGeometry decides.
	var hits []int32
	c.tree.Search(box.Min, box.Max, func(_, _ [2]float64, i int32) bool {
		f := &c.feats[i]
		if ls, ok := f.geom.(orb.LineString); ok && !box.Contains(ls[0]) && !box.Contains(ls[len(ls)-1]) {
			return true // a line is in the tiles of its ends
		}
		if !f.empty && sel.keeps(c, i, false, 0) {
			hits = append(hits, i)
		}
		return true
	})
	if budget > 0 && len(hits) > budget {
		return nil, fmt.Errorf("tile of %s: %d features, budget %d: %w", collection, len(hits), budget, data.ErrTileBudget)
	}
	slices.Sort(hits)
	feats := make([]*geojson.Feature, 0, len(hits))
	var text []byte
	for n, i := range hits {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		f := &c.feats[i]
		g := f.geom
		if g == nil {
			g = f.bound.Min // a point: its envelope is the point
		}
		tg := geo.TileGeometry(t, g)
		if tg == nil {
			continue
		}
		out := geojson.NewFeature(tg)
		if c.ids != nil {
			out.ID = c.intKeys[i]
		}
		text = c.keptText(text[:0], i)
		if out.Properties, err = tileProperties(text, props); err != nil {
			return nil, fmt.Errorf("tile of %s: %w", collection, err)
		}
		feats = append(feats, out)
	}
	return geo.EncodeTileLayer(collection, feats)
}

// tileProperties reads the properties props of a feature's GeoJSON text, as
// the types the catalogue gives them (JSON null as nil). It reads the
// properties object alone.
func tileProperties(text []byte, props []data.Property) (geojson.Properties, error) {
	obj, _ := propertiesObject(text)
	if obj == nil {
		return nil, errors.New("feature text without properties")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(obj, &members); err != nil {
		return nil, err
	}
	out := make(geojson.Properties, len(props))
	for _, p := range props {
		raw := members[p.Name]
		if raw == nil || bytes.Equal(raw, []byte("null")) {
			continue
		}
		var v any
		switch p.Type {
		case data.TypeInteger:
			v = new(int64)
		case data.TypeNumber:
			v = new(float64)
		case data.TypeBoolean:
			v = new(bool)
		default:
			v = new(string)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return nil, fmt.Errorf("property %s: %w", p.Name, err)
		}
		switch x := v.(type) {
		case *int64:
			v = *x
		case *float64:
			v = *x
		case *bool:
			v = *x
		case *string:
			v = *x
		}
		out[p.Name] = v
	}
	return out, nil
}
