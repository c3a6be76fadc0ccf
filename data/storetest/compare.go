package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// coordTolerance is how far a coordinate may be from the stored one: 7
// decimals of rounding (5e-8) with room for the last bit.
const coordTolerance = 1e-7

// parsedFeature is a store's Feature JSON, decoded. Numbers stay
// json.Number so integers and floats can be told apart.
type parsedFeature struct {
	id    any // int64 or string
	geom  orb.Geometry
	keys  []string // property names in document order
	props map[string]any
}

// parseFeature decodes one Feature, checking its top-level members.
func parseFeature(b []byte) (parsedFeature, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return parsedFeature{}, fmt.Errorf("not JSON: %v: %s", err, b)
	}
	var keys []string
	for k := range top {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"geometry", "id", "properties", "type"}; !slices.Equal(keys, want) {
		return parsedFeature{}, fmt.Errorf("members %v, want %v", keys, want)
	}
	if string(top["type"]) != `"Feature"` {
		return parsedFeature{}, fmt.Errorf("type %s, want \"Feature\"", top["type"])
	}
	var f parsedFeature
	rawID := bytes.TrimSpace(top["id"])
	if len(rawID) > 0 && rawID[0] == '"' {
		var s string
		if err := json.Unmarshal(rawID, &s); err != nil {
			return f, err
		}
		f.id = s
	} else {
		var n int64
		if err := json.Unmarshal(rawID, &n); err != nil {
			return f, fmt.Errorf("id %s is neither a string nor an integer", rawID)
		}
		f.id = n
	}
	g, err := geojson.UnmarshalGeometry(top["geometry"])
	if err != nil {
		return f, fmt.Errorf("geometry: %v", err)
	}
	f.geom = g.Geometry()
	f.keys, f.props, err = orderedObject(top["properties"])
	if err != nil {
		return f, fmt.Errorf("properties: %v", err)
	}
	return f, nil
}

// orderedObject decodes a flat JSON object, keeping its key order.
func orderedObject(raw json.RawMessage) ([]string, map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, fmt.Errorf("not an object: %s", raw)
	}
	var keys []string
	values := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key := tok.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", key, err)
		}
		keys = append(keys, key)
		values[key] = v
	}
	return keys, values, nil
}

// diffFeature lists how got differs from want; names are the catalogue's
// property names in order.
func diffFeature(got parsedFeature, want feature, names []string) []string {
	var diffs []string
	if got.id != want.id {
		diffs = append(diffs, fmt.Sprintf("id: got %#v, want %#v", got.id, want.id))
	}
	if !sameGeometry(got.geom, want.geom) {
		diffs = append(diffs, fmt.Sprintf("geometry: got %v, want %v", got.geom, want.geom))
	}
	if !slices.Equal(got.keys, names) {
		diffs = append(diffs, fmt.Sprintf("property names: got %v, want %v", got.keys, names))
	}
	for _, name := range names {
		if d := diffValue(got.props[name], want.props[name]); d != "" {
			diffs = append(diffs, name+": "+d)
		}
	}
	return diffs
}

// diffValue compares a decoded JSON value with the expected Go value.
func diffValue(got, want any) string {
	bad := func() string { return fmt.Sprintf("got %#v, want %#v", got, want) }
	switch w := want.(type) {
	case nil:
		if got != nil {
			return bad()
		}
	case string, bool:
		if got != want {
			return bad()
		}
	case int64:
		n, ok := got.(json.Number)
		if !ok || strings.ContainsAny(n.String(), ".eE") {
			return bad()
		}
		if v, err := n.Int64(); err != nil || v != w {
			return bad()
		}
	case float64:
		n, ok := got.(json.Number)
		if !ok {
			return bad()
		}
		if v, err := n.Float64(); err != nil || math.Abs(v-w) > 1e-9*math.Max(1, math.Abs(w)) {
			return bad()
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return bad()
		}
		for i := range w {
			if d := diffValue(g[i], w[i]); d != "" {
				return fmt.Sprintf("[%d]: %s", i, d)
			}
		}
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return bad()
		}
		for k, v := range w {
			if d := diffValue(g[k], v); d != "" {
				return k + ": " + d
			}
		}
	default:
		return fmt.Sprintf("suite bug: unexpected want type %T", want)
	}
	return ""
}

// sameGeometry compares two geometries of the same type coordinate by
// coordinate, within coordTolerance.
func sameGeometry(a, b orb.Geometry) bool {
	if a == nil || b == nil || a.GeoJSONType() != b.GeoJSONType() {
		return false
	}
	var pa, pb []orb.Point
	var shapeA, shapeB []int
	flatten(a, &pa, &shapeA)
	flatten(b, &pb, &shapeB)
	if !slices.Equal(shapeA, shapeB) || len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if math.Abs(pa[i][0]-pb[i][0]) > coordTolerance || math.Abs(pa[i][1]-pb[i][1]) > coordTolerance {
			return false
		}
	}
	return true
}

// flatten lists a geometry's points and the lengths of its parts.
func flatten(g orb.Geometry, pts *[]orb.Point, shape *[]int) {
	switch g := g.(type) {
	case orb.Point:
		*pts = append(*pts, g)
	case orb.MultiPoint:
		*pts = append(*pts, g...)
		*shape = append(*shape, len(g))
	case orb.LineString:
		*pts = append(*pts, g...)
		*shape = append(*shape, len(g))
	case orb.Ring:
		*pts = append(*pts, g...)
		*shape = append(*shape, len(g))
	case orb.Polygon:
		*shape = append(*shape, len(g))
		for _, r := range g {
			flatten(r, pts, shape)
		}
	case orb.MultiPolygon:
		*shape = append(*shape, len(g))
		for _, p := range g {
			flatten(p, pts, shape)
		}
	case orb.MultiLineString:
		*shape = append(*shape, len(g))
		for _, l := range g {
			flatten(l, pts, shape)
		}
	}
}
