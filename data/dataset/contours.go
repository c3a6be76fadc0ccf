package dataset

import (
	"encoding/json"
	"io"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// FileContours holds the contours of communes already known, to give them
// their areas: a GeoJSON FeatureCollection of Polygons or MultiPolygons in
// EPSG:4326, each feature's id (or "code" property) the commune's INSEE
// code — what ogr2ogr makes of IGN's Admin Express
// (`-sql "SELECT INSEE_COM AS code FROM COMMUNE" -t_srs EPSG:4326`). It is
// optional in a dataset directory; `maillage import contours` loads it
// into PostGIS.
const FileContours = "contours.geojson"

// Contour is the area of one commune.
type Contour struct {
	Code string
	Area orb.MultiPolygon
}

type contourFeature struct {
	Type       string          `json:"type"` // not checked: read so that unmarshal knows the member
	ID         json.RawMessage `json:"id"`
	Properties struct {
		Code string `json:"code"`
	} `json:"properties"`
	Geometry *rawGeometry `json:"geometry"`
}

// ReadContours reads a contours file: each feature a commune the Resolver
// knows, once, with a polygonal geometry. Bad rows are reported by line
// (the feature's index + 1), as for every file.
func ReadContours(body io.Reader, o Options) ([]Contour, error) {
	p := &problems{file: fileName(o, FileContours)}
	res := resolverOrEmpty(o.Resolver)
	var out []Contour
	seen := map[string]int{}
	err := eachFeature(body, p, o, func(line int, f *contourFeature, err error) {
		r := row{line: line}
		if err != nil {
			r.bad("%v", err)
		}
		code := featureCode(&r, f.ID, f.Properties.Code)
		switch {
		case code == "":
			r.bad("code is empty (give the feature id or the code property)")
		case checkCode(geo.LevelCommune, code) != "":
			r.bad("%s", checkCode(geo.LevelCommune, code))
		default:
			if _, ok := res.Territory(geo.LevelCommune, code); !ok {
				r.bad("commune %s is not known: import its territory first", code)
			}
			if first, dup := seen[code]; dup {
				r.bad("duplicate commune %s (first at line %d)", code, first)
			} else {
				seen[code] = line
			}
		}
		g, err := decodeGeometry(f.Geometry, "MultiPolygon", "Polygon")
		switch {
		case err != nil:
			r.bad("%v", err)
		case g == nil:
			r.bad("geometry is null")
		}
		if p.done(&r) {
			out = append(out, Contour{Code: code, Area: asMulti(g).(orb.MultiPolygon)})
		}
	})
	if err != nil {
		return nil, err
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ApplyContours gives each commune of cs its area in ts, not approximate,
// then gives every EPCI, département and région of which one of those
// communes is part the union of its communes (geo.Dissolve) when all of
// them are areas; a wider territory with a commune still a point keeps its
// geometry. PostGIS does the same on import with ST_Union: for contours
// whose neighbours share their borders vertex for vertex, as IGN's do, the
// unions are the same. It returns how many territories changed.
func ApplyContours(ts []geo.Territory, cs []Contour) int {
	area := make(map[string]orb.MultiPolygon, len(cs))
	for _, c := range cs {
		area[c.Code] = c.Area
	}
	changed := 0
	touched := map[geo.Level]map[string]bool{geo.LevelEPCI: {}, geo.LevelDepartement: {}, geo.LevelRegion: {}}
	for i := range ts {
		t := &ts[i]
		a, ok := area[t.Code]
		if t.Level != geo.LevelCommune || !ok {
			continue
		}
		t.Geometry, t.Approximate = a, false
		changed++
		touched[geo.LevelEPCI][t.EPCICode] = true
		touched[geo.LevelDepartement][t.DepartementCode] = true
		touched[geo.LevelRegion][t.RegionCode] = true
	}
	parentOf := func(t geo.Territory, l geo.Level) string {
		switch l {
		case geo.LevelEPCI:
			return t.EPCICode
		case geo.LevelDepartement:
			return t.DepartementCode
		}
		return t.RegionCode
	}
	for _, l := range []geo.Level{geo.LevelEPCI, geo.LevelDepartement, geo.LevelRegion} {
		parts := map[string][]orb.MultiPolygon{}
		whole := map[string]bool{}
		for _, t := range ts {
			code := parentOf(t, l)
			if t.Level != geo.LevelCommune || code == "" || !touched[l][code] {
				continue
			}
			if _, seen := whole[code]; !seen {
				whole[code] = true
			}
			mp, ok := t.Geometry.(orb.MultiPolygon)
			if !ok {
				whole[code] = false
				continue
			}
			parts[code] = append(parts[code], mp)
		}
		for i := range ts {
			t := &ts[i]
			if t.Level != l || !whole[t.Code] {
				continue
			}
			t.Geometry, t.Approximate = geo.Dissolve(parts[t.Code]), false
			changed++
		}
	}
	return changed
}
