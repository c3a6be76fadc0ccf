package server

import (
	"net/url"
	"slices"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// The either-end territory filters of partnerships: ?commune=69123,
// ?epci=200046977, ?departement=69 or ?region=84 keep the partnerships with
// at least one actor in that territory (data.ItemsQuery.Touches). They are
// plain query parameters, declared on the partnerships items path so that
// GDAL pushes them, not queryables: "either end" is no property of a
// feature. One at a time; an unknown code matches nothing, like any
// equality filter. /api/flows takes them too.

// maxCodeLen bounds a territory code: an EPCI's SIREN has 9 characters.
const maxCodeLen = 9

// touchParamNames lists the territory parameters of col: the names of
// data.TouchLevels when the collection takes them, none otherwise.
func touchParamNames(col data.Collection) []string {
	if !col.Touches {
		return nil
	}
	var names []string
	for _, l := range data.TouchLevels() {
		names = append(names, string(l))
	}
	return names
}

// parseTouches reads the territory parameter of col, nil when none is
// given. Two of them, or a code that is not 1 to 9 letters and digits,
// are a 400 naming the parameter.
func parseTouches(col data.Collection, q url.Values) (*data.TerritoryRef, error) {
	var ref *data.TerritoryRef
	for _, name := range touchParamNames(col) {
		v, ok := single(q, name)
		if !ok {
			continue
		}
		if ref != nil {
			return nil, paramErrorf(name, "cannot be combined with %s: give one territory", ref.Level)
		}
		if err := checkCode(name, v); err != nil {
			return nil, err
		}
		ref = &data.TerritoryRef{Level: geo.Level(name), Code: v}
	}
	return ref, nil
}

// checkCode refuses what cannot be an INSEE code or a SIREN.
func checkCode(param, v string) error {
	if v == "" || len(v) > maxCodeLen {
		return paramErrorf(param, "%q is not a territory code (1 to %d letters and digits, e.g. 69, 2A, 69123)", clip(v), maxCodeLen)
	}
	for _, r := range v {
		if !('0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z') {
			return paramErrorf(param, "%q is not a territory code (1 to %d letters and digits, e.g. 69, 2A, 69123)", clip(v), maxCodeLen)
		}
	}
	return nil
}

// touchParam defines a territory parameter of col's items path, false for
// a name that is not one.
func touchParam(col data.Collection, name string) (oaParam, bool) {
	if !slices.Contains(touchParamNames(col), name) {
		return oaParam{}, false
	}
	return oaParam{
		Name: name, In: "query",
		Description: "Ne garder que les partenariats dont l'un au moins des deux acteurs est dans ce territoire (" + name +
			" : code INSEE, SIREN pour un EPCI). Un seul territoire à la fois.",
		Schema: schema{"type": "string", "pattern": "^[0-9A-Za-z]{1,9}$"},
	}, true
}
