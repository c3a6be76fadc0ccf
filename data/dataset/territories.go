package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/maillage/maillage/geo"
)

// territoryFeature is one feature of territories.geojson. JSON null and
// absent properties read as zero values; unknown properties are ignored (so
// a file exported from the API, with alliances_count, reads back).
type territoryFeature struct {
	Type       string          `json:"type"` // not checked: read so that unmarshal knows the member
	ID         json.RawMessage `json:"id"`
	Properties struct {
		Code                string  `json:"code"`
		Name                string  `json:"name"`
		Level               string  `json:"level"`
		Region              string  `json:"region"`
		Departement         string  `json:"departement"`
		EPCI                string  `json:"epci"`
		Population          int64   `json:"population"`
		Approximate         bool    `json:"approximate"`
		DensityClass        int     `json:"density_class"`
		QPVShare            float64 `json:"qpv_share"`
		RuralRevitalisation bool    `json:"rural_revitalisation"`
		NaturalPark         bool    `json:"natural_park"`
	} `json:"properties"`
	Geometry *rawGeometry `json:"geometry"` // decoded with the feature, coordinates left raw
}

// ReadTerritories reads a territories.geojson FeatureCollection (format in
// the package README: feature id = code, EPSG:4326 geometry, a Point allowed
// for EPCIs and communes only). Polygons are returned as MultiPolygons.
// Parent codes may name territories of the same file, in any order, or ones
// the Resolver knows. Alliance history is left zero (see Derive).
func ReadTerritories(body io.Reader, o Options) ([]geo.Territory, error) {
	p := &problems{file: fileName(o, FileTerritories)}
	var rows blocks[geo.Territory]
	var lines []int
	var seen levelMap[int]
	err := eachFeature(body, p, o, func(line int, f *territoryFeature, err error) {
		r := row{line: line}
		if err != nil {
			r.bad("%v", err)
		}
		t := readTerritory(&r, f)
		if t.Code != "" {
			if first, dup := seen.get(t.Level, t.Code); dup {
				r.bad("duplicate %s code %s (first at line %d)", t.Level, t.Code, first)
			} else {
				seen.set(t.Level, t.Code, line)
			}
		}
		if p.done(&r) {
			rows.add(t)
			lines = append(lines, line)
		}
	})
	if err != nil {
		return nil, err
	}
	out := rows.all()
	checkParents(p, out, lines, resolverOrEmpty(o.Resolver))
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// readTerritory checks one feature on its own, without references.
func readTerritory(r *row, f *territoryFeature) geo.Territory {
	pr := f.Properties
	code := featureCode(r, f.ID, pr.Code)
	t := geo.Territory{
		Code: code, Name: r.text("name", pr.Name), Level: geo.Level(pr.Level),
		RegionCode: pr.Region, DepartementCode: pr.Departement, EPCICode: pr.EPCI,
		Population: pr.Population, Approximate: pr.Approximate,
		Typology: geo.Typology{DensityClass: pr.DensityClass, QPVShare: pr.QPVShare,
			RuralRevitalisation: pr.RuralRevitalisation, NaturalPark: pr.NaturalPark},
	}
	if code == "" {
		r.bad("code is empty (give the feature id or the code property)")
	}
	if !t.Level.Valid() {
		r.bad("unknown level %q (want %s)", pr.Level, oneOf(geo.Levels))
	} else if code != "" {
		if why := checkCode(t.Level, code); why != "" {
			r.bad("%s", why)
		}
	}
	if t.Population < 0 {
		r.bad("population %d is negative", t.Population)
	}
	if t.Typology.DensityClass < 0 || t.Typology.DensityClass > 7 {
		r.bad("density_class %d outside 0..7", t.Typology.DensityClass)
	}
	if q := t.Typology.QPVShare; math.IsNaN(q) || q < 0 || q > 1 {
		r.bad("qpv_share %g outside 0..1", q)
	}
	allowed := []string{"MultiPolygon", "Polygon"}
	if t.Level == geo.LevelEPCI || t.Level == geo.LevelCommune {
		allowed = append(allowed, "Point")
	}
	g, err := decodeGeometry(f.Geometry, allowed...)
	switch {
	case err != nil:
		r.bad("%v", err)
	case g == nil:
		r.bad("geometry is null")
	}
	t.Geometry = asMulti(g)
	return t
}

// featureCode is a territory feature's code: its id (a JSON string: codes
// keep their leading zeros) or its code property, which must agree when
// both are given.
func featureCode(r *row, id json.RawMessage, code string) string {
	if len(id) > 0 && string(id) != "null" {
		var s string
		if err := unmarshal(id, &s); err != nil {
			r.bad("feature id %s is not a JSON string (codes keep their leading zeros)", id)
		} else if code == "" {
			code = s
		} else if s != code {
			r.bad("feature id %q differs from code %q", s, code)
		}
	}
	return code
}

// checkCode verifies the shape of an INSEE code (SIREN for an EPCI).
func checkCode(l geo.Level, code string) string {
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	corsica := len(code) >= 2 && (code[:2] == "2A" || code[:2] == "2B")
	ok := true
	switch l {
	case geo.LevelRegion:
		ok = len(code) == 2 && digits(code)
	case geo.LevelDepartement:
		ok = (len(code) == 2 && (digits(code) || corsica)) || (len(code) == 3 && digits(code) && geo.Overseas(code))
	case geo.LevelEPCI:
		if err := geo.CheckSIREN(code); err != nil {
			return fmt.Sprintf("EPCI code: %v", err)
		}
	case geo.LevelCommune:
		ok = len(code) == 5 && (digits(code) || (corsica && digits(code[2:])))
	}
	if !ok {
		return fmt.Sprintf("code %q is not a valid %s code", code, l)
	}
	return ""
}

// checkParents verifies each territory's parent codes: which apply to its
// level, that they name known territories of the right level, and that a
// commune agrees with its département's and EPCI's codes.
func checkParents(p *problems, ts []geo.Territory, lines []int, res Resolver) {
	var inFile levelMap[*geo.Territory]
	for i := range ts {
		inFile.set(ts[i].Level, ts[i].Code, &ts[i])
	}
	lookup := func(level geo.Level, code string) (TerritoryRef, bool) {
		if t, ok := inFile.get(level, code); ok {
			return TerritoryRef{Level: t.Level, Code: t.Code, Place: TerritoryPlace(*t)}, true
		}
		return res.Territory(level, code)
	}
	for i, t := range ts {
		r := row{line: lines[i]}
		parent := func(col, code string, want geo.Level, required bool) (TerritoryRef, bool) {
			if code == "" {
				if required {
					r.bad("%s is empty: a %s needs one", col, t.Level)
				}
				return TerritoryRef{}, false
			}
			if ref, ok := lookup(want, code); ok {
				return ref, true
			}
			for _, other := range geo.Levels {
				if _, ok := lookup(other, code); ok {
					r.bad("%s %q is a %s, want a %s", col, code, other, want)
					return TerritoryRef{}, false
				}
			}
			r.bad("%s %q is not a known %s", col, code, want)
			return TerritoryRef{}, false
		}
		agree := func(col, code, parentCode, parentCol, parentValue string) {
			if code != "" && parentValue != "" && code != parentValue {
				r.bad("%s %s disagrees with %s %s, whose %s is %s", col, code, parentCol, parentCode, col, parentValue)
			}
		}
		switch t.Level {
		case geo.LevelRegion:
			if t.RegionCode != "" || t.DepartementCode != "" || t.EPCICode != "" {
				r.bad("a region has no region, departement or epci")
			}
		case geo.LevelDepartement:
			parent("region", t.RegionCode, geo.LevelRegion, true)
			if t.DepartementCode != "" || t.EPCICode != "" {
				r.bad("a departement has no departement or epci")
			}
		case geo.LevelEPCI:
			if t.EPCICode != "" {
				r.bad("an epci has no epci")
			}
			parent("region", t.RegionCode, geo.LevelRegion, false)
			if dep, ok := parent("departement", t.DepartementCode, geo.LevelDepartement, false); ok {
				agree("region", t.RegionCode, t.DepartementCode, "departement", dep.Place.Region)
			}
		case geo.LevelCommune:
			parent("region", t.RegionCode, geo.LevelRegion, true)
			if want := geo.DepartementOfCommune(t.Code); t.DepartementCode != "" && t.DepartementCode != want {
				r.bad("departement %s disagrees with the commune code, which says %s", t.DepartementCode, want)
			}
			if dep, ok := parent("departement", t.DepartementCode, geo.LevelDepartement, true); ok {
				agree("region", t.RegionCode, t.DepartementCode, "departement", dep.Place.Region)
			}
			if epci, ok := parent("epci", t.EPCICode, geo.LevelEPCI, false); ok {
				agree("region", t.RegionCode, t.EPCICode, "epci", epci.Place.Region)
				agree("departement", t.DepartementCode, t.EPCICode, "epci", epci.Place.Departement)
			}
		}
		p.done(&r)
	}
}

// writeTerritories writes territories.geojson, one feature per line, with
// properties in the file's column order; absent codes and an unknown density
// class (0) are written as null.
func writeTerritories(w io.Writer, ts []geo.Territory) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("{\"type\":\"FeatureCollection\",\"features\":[\n")
	var buf []byte
	for i, t := range ts {
		if err := checkGeometry(t.Geometry); err != nil || t.Geometry == nil {
			return fmt.Errorf("territory %s: bad geometry: %v", t.Code, err)
		}
		if q := t.Typology.QPVShare; math.IsNaN(q) || math.IsInf(q, 0) {
			return fmt.Errorf("territory %s: qpv_share is not finite", t.Code)
		}
		buf = append(buf[:0], `{"type":"Feature","id":`...)
		buf = AppendString(buf, t.Code)
		buf = append(buf, `,"properties":`...)
		buf = appendTerritoryFileProperties(buf, t)
		buf = append(buf, `,"geometry":`...)
		buf = AppendGeometry(buf, t.Geometry)
		buf = append(buf, '}')
		if i < len(ts)-1 {
			buf = append(buf, ',')
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

func appendTerritoryFileProperties(b []byte, t geo.Territory) []byte {
	b = append(b, `{"code":`...)
	b = AppendString(b, t.Code)
	b = append(b, `,"name":`...)
	b = AppendString(b, t.Name)
	b = append(b, `,"level":`...)
	b = AppendString(b, string(t.Level))
	b = append(b, `,"region":`...)
	b = AppendStringOrNull(b, t.RegionCode)
	b = append(b, `,"departement":`...)
	b = AppendStringOrNull(b, t.DepartementCode)
	b = append(b, `,"epci":`...)
	b = AppendStringOrNull(b, t.EPCICode)
	b = append(b, `,"population":`...)
	b = AppendInt(b, t.Population)
	b = append(b, `,"approximate":`...)
	b = AppendBool(b, t.Approximate)
	b = append(b, `,"density_class":`...)
	b = AppendIntOrNull(b, int64(t.Typology.DensityClass))
	b = append(b, `,"qpv_share":`...)
	b = AppendNumber(b, t.Typology.QPVShare)
	b = append(b, `,"rural_revitalisation":`...)
	b = AppendBool(b, t.Typology.RuralRevitalisation)
	b = append(b, `,"natural_park":`...)
	b = AppendBool(b, t.Typology.NaturalPark)
	return append(b, '}')
}

// resolverOrEmpty lets a reader run without a Resolver: nothing outside the
// file is then known.
func resolverOrEmpty(r Resolver) Resolver {
	if r == nil {
		return NewIndex()
	}
	return r
}

// oneOf lists the valid values of an enumeration for a reason.
func oneOf[T ~string](list []T) string {
	b := make([]byte, 0, 16*len(list))
	for i, v := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return string(b)
}
