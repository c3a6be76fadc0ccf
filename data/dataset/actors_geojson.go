package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/maillage/maillage/geo"
)

// actorFeature is one feature of an actors GeoJSON file.
type actorFeature struct {
	Type       string                     `json:"type"` // not checked: read so that unmarshal knows the member
	ID         json.RawMessage            `json:"id"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   json.RawMessage            `json:"geometry"`
}

// ReadActorsGeoJSON reads actors from a GeoJSON FeatureCollection of Point
// features (or features with a null geometry, placed at their commune's
// point). The feature id, or an "id" property, is the actor id; the other
// properties are the columns of actors.csv, as JSON strings, numbers or
// booleans, and domains may also be an array. Unknown properties are ignored,
// so a file saved from the actors collection of the API reads back. Rules and
// result are those of ReadActors.
func ReadActorsGeoJSON(body io.Reader, o Options) ([]geo.Actor, error) {
	p := &problems{file: fileName(o, FileActorsGeoJSON)}
	v := newActorValidator(p, o)
	err := eachFeature(body, p, o, func(line int, f *actorFeature, err error) {
		var pre []string
		if err != nil {
			pre = append(pre, err.Error())
		}
		text := func(name string) string {
			s, err := JSONText(f.Properties[name])
			if err != nil {
				pre = append(pre, fmt.Sprintf("%s: %v", name, err))
			}
			return s
		}
		fields := actorFields{
			id: text("id"), name: text("name"), kind: text("kind"), siren: text("siren"), rna: text("rna"),
			commune: text("commune"), country: text("country"), lon: text("lon"), lat: text("lat"),
			precision: text("precision"), employees: text("employees"), employer: text("employer"),
			insertion: text("insertion"), sector: text("sector"), reach: text("reach"), domains: text("domains"),
			active: text("active"),
		}
		if len(f.ID) > 0 && string(f.ID) != "null" {
			id, err := JSONText(f.ID)
			switch {
			case err != nil:
				pre = append(pre, fmt.Sprintf("feature id: %v", err))
			case fields.id != "" && fields.id != id:
				pre = append(pre, fmt.Sprintf("feature id %s differs from property id %s", id, fields.id))
			}
			fields.id = id
		}
		if lon, lat, err := pointText(f.Geometry); err != nil {
			pre = append(pre, err.Error())
		} else if lon != "" {
			fields.lon, fields.lat = lon, lat
		}
		v.add(line, fields, pre)
	})
	if err != nil {
		return nil, err
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return v.out.all(), nil
}

// JSONText turns a scalar JSON value into the text a CSV cell would hold:
// strings unquoted, numbers and booleans as written, null as "". An array of
// strings is joined by ";" (for domains).
func JSONText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '[':
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return "", fmt.Errorf("want an array of strings")
		}
		return strings.Join(list, ";"), nil
	case '{':
		return "", fmt.Errorf("want a string, number or boolean, got an object")
	}
	return string(raw), nil
}

// pointText returns a Point geometry's coordinates as written, or "" for a
// null geometry; the numbers are checked with the actor's other fields.
func pointText(raw json.RawMessage) (lon, lat string, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", "", nil
	}
	var g rawGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return "", "", fmt.Errorf("geometry: %v", typeError(err))
	}
	if g.Type != "Point" {
		return "", "", fmt.Errorf("geometry type %q, want Point (or null to use the commune's point)", g.Type)
	}
	var c []json.Number
	if err := json.Unmarshal(g.Coordinates, &c); err != nil || len(c) < 2 {
		return "", "", fmt.Errorf("geometry Point needs two numbers as coordinates")
	}
	return c[0].String(), c[1].String(), nil
}
