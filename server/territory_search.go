package server

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// GET /api/territories?q=…[&level=…&limit=…] finds territories by name or
// code for the viewer's search box (data.Store.SearchTerritories): case,
// accents, hyphens, apostrophes and spaces do not matter ("saint etienne"
// finds Saint-Étienne); the whole name ranks first, then a name beginning
// with q, then a name with a word beginning with q. Digits (or 2A, 2B)
// match codes too, by prefix, an exact code first. Ties go to the wider
// level, then the larger population, then the code. Each territory comes
// with its bounding box, for the map to fly to it.

const (
	pathTerritorySearch       = "/api/territories"
	paramTerritorySearchQ     = "q"
	paramTerritorySearchLimit = "limit"
	defaultTerritorySearch    = 10
	maxTerritorySearch        = 50
	// maxTerritorySearchRunes is the longest q, in characters: longer than
	// any territory's name.
	maxTerritorySearchRunes = 100
)

// territorySearchParamNames lists every parameter /api/territories
// accepts: the one list the handler checks and the OpenAPI document
// declares (openapi_territory_search.go).
func territorySearchParamNames() []string {
	return []string{paramTerritorySearchQ, paramLevel, paramTerritorySearchLimit}
}

type territorySearchParams struct {
	q     string
	level geo.Level // "" for every level
	limit int
}

// parseTerritorySearchParams validates the query string; every refusal is
// a *ParamError naming the parameter.
func parseTerritorySearchParams(q url.Values) (territorySearchParams, error) {
	if err := checkParams(q, territorySearchParamNames()...); err != nil {
		return territorySearchParams{}, err
	}
	p := territorySearchParams{limit: defaultTerritorySearch}
	text, ok := single(q, paramTerritorySearchQ)
	switch {
	case !ok:
		return p, paramErrorf(paramTerritorySearchQ, "is required: a territory's name, or the beginning of one, or a code")
	case strings.TrimSpace(text) == "":
		return p, paramErrorf(paramTerritorySearchQ, "is blank: give a territory's name, or the beginning of one, or a code")
	case utf8.RuneCountInString(text) > maxTerritorySearchRunes:
		return p, paramErrorf(paramTerritorySearchQ, "has %d characters; at most %d", utf8.RuneCountInString(text), maxTerritorySearchRunes)
	}
	p.q = text
	var err error
	if p.level, err = levelParam(q, paramLevel, geo.Levels, ""); err != nil {
		return p, err
	}
	if p.limit, err = intParam(q, paramTerritorySearchLimit, p.limit, maxTerritorySearch); err != nil {
		return p, err
	}
	return p, nil
}

// territorySearchDoc is the answer: q as given, and the territories found,
// best first (an empty list when none).
type territorySearchDoc struct {
	Q           string              `json:"q"`
	Territories []territoryMatchDoc `json:"territories"`
}

// territoryMatchDoc is one territory found. departement and region are its
// parent codes, null where none applies (a région has neither, a
// département no département); bbox is [west, south, east, north] in
// EPSG:4326, rounded outwards to 7 decimals, a point's degenerate.
type territoryMatchDoc struct {
	Level       geo.Level  `json:"level"`
	Code        string     `json:"code"`
	Name        string     `json:"name"`
	Departement *string    `json:"departement"`
	Region      *string    `json:"region"`
	Population  int64      `json:"population"`
	BBox        [4]float64 `json:"bbox"`
}

// territorySearch answers GET /api/territories.
func (s *Server) territorySearch(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := parseTerritorySearchParams(q)
	if err != nil {
		return err
	}
	found, err := s.store.SearchTerritories(c.Request().Context(), p.q, p.level, p.limit)
	if err != nil {
		return err
	}
	doc := territorySearchDoc{Q: p.q, Territories: make([]territoryMatchDoc, len(found))}
	for i, m := range found {
		doc.Territories[i] = newTerritoryMatchDoc(m)
	}
	return c.JSON(http.StatusOK, doc)
}

func newTerritoryMatchDoc(m data.TerritoryMatch) territoryMatchDoc {
	orNull := func(code string) *string {
		if code == "" {
			return nil
		}
		return &code
	}
	return territoryMatchDoc{Level: m.Level, Code: m.Code, Name: m.Name,
		Departement: orNull(m.DepartementCode), Region: orNull(m.RegionCode), Population: m.Population,
		BBox: [4]float64{roundDown7(m.BBox.Min[0]), roundDown7(m.BBox.Min[1]), roundUp7(m.BBox.Max[0]), roundUp7(m.BBox.Max[1])}}
}
