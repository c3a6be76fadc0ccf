package server

import (
	"math"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// The indicators API: the fragility catalogue, one indicator's values at a
// level (rolled up by the store from the finest level), and class breaks
// for a choropleth (breaks.go). It sits outside /ogc, beside the probes:
// these are JSON resources for the viewer and other clients, not OGC
// collections. Names are prefixed so they cannot clash with other /api
// resources' parameters.
const (
	routeIndicators      = "/api/indicators"
	routeIndicatorValues = "/api/indicators/:indicatorId/values"
	routeIndicatorBreaks = "/api/indicators/:indicatorId/breaks"
	paramPathIndicator   = "indicatorId"
	paramIndicatorYear   = "year"
	paramBreaksMethod    = "method"
	paramBreaksK         = "k"
)

// Bounds of the breaks parameters: classes a reader can tell apart, and
// the years an indicator can have.
const (
	minClasses     = 3
	maxClasses     = 9
	defaultClasses = 5
	defaultMethod  = geo.BreaksQuantile
	minYear        = 1900
	maxYear        = 2100
)

// indicatorValuesParamNames and indicatorBreaksParamNames list the query
// parameters each endpoint accepts: the one list the handler checks and
// the OpenAPI document declares (openapi_indicators.go).
func indicatorValuesParamNames() []string {
	return []string{paramLevel, paramIndicatorYear}
}

func indicatorBreaksParamNames() []string {
	return []string{paramLevel, paramIndicatorYear, paramBreaksMethod, paramBreaksK}
}

// indicatorDoc is one catalogue entry as served. Domains is never null.
type indicatorDoc struct {
	ID            string       `json:"id"`
	Label         string       `json:"label"`
	Theme         string       `json:"theme"`
	Unit          string       `json:"unit"`
	Source        string       `json:"source"`
	Year          int          `json:"year"`
	HigherIsWorse bool         `json:"higher_is_worse"`
	FinestLevel   geo.Level    `json:"finest_level"`
	Aggregation   string       `json:"aggregation"`
	Synthetic     bool         `json:"synthetic"`
	Domains       []geo.Domain `json:"domains"`
}

func newIndicatorDoc(ind geo.Indicator) indicatorDoc {
	domains := ind.Domains
	if domains == nil {
		domains = []geo.Domain{}
	}
	return indicatorDoc{ID: ind.ID, Label: ind.Label, Theme: ind.Theme, Unit: ind.Unit, Source: ind.Source, Year: ind.Year,
		HigherIsWorse: ind.HigherIsWorse, FinestLevel: ind.FinestLevel, Aggregation: string(ind.Aggregation),
		Synthetic: ind.Synthetic, Domains: domains}
}

// indicatorValuesDoc is the compact values answer: codes stay strings
// ("2A004", "01001") for MapLibre's promoteId. National is null when the
// year has no value.
type indicatorValuesDoc struct {
	Indicator string             `json:"indicator"`
	Level     geo.Level          `json:"level"`
	Year      int                `json:"year"`
	National  *float64           `json:"national"`
	Values    map[string]float64 `json:"values"`
}

// indicators serves GET /api/indicators: the catalogue, by id.
func (s *Server) indicators(c echo.Context) error {
	if err := checkNoParams(c); err != nil {
		return err
	}
	list, err := s.store.Indicators(c.Request().Context())
	if err != nil {
		return err
	}
	docs := make([]indicatorDoc, len(list))
	for i, ind := range list {
		docs[i] = newIndicatorDoc(ind)
	}
	return c.JSON(200, struct {
		Indicators []indicatorDoc `json:"indicators"`
	}{docs})
}

// indicatorValues serves GET /api/indicators/{id}/values.
func (s *Server) indicatorValues(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, indicatorValuesParamNames()...); err != nil {
		return err
	}
	ind, err := s.lookupIndicator(c)
	if err != nil {
		return err
	}
	sel, err := parseIndicatorSelection(ind, q)
	if err != nil {
		return err
	}
	doc, err := s.indicatorValuesDoc(c, ind, sel)
	if err != nil {
		return err
	}
	return c.JSON(200, doc)
}

// indicatorSelection is a validated level and year (never 0: the
// indicator's own year when none was given).
type indicatorSelection struct {
	Level geo.Level
	Year  int
}

// parseIndicatorSelection reads level (default: the indicator's finest)
// and year (default: the indicator's year). The levels allowed are those
// data.CheckIndicatorLevel accepts, the rule the stores apply, so a level
// finer than the finest is refused here, listing the ones there are.
func parseIndicatorSelection(ind geo.Indicator, q url.Values) (indicatorSelection, error) {
	sel := indicatorSelection{Level: ind.FinestLevel, Year: ind.Year}
	allowed := slices.DeleteFunc(slices.Clone(geo.Levels), func(l geo.Level) bool { return data.CheckIndicatorLevel(ind, l) != nil })
	var err error
	if sel.Level, err = levelParam(q, paramLevel, allowed, ind.FinestLevel); err != nil {
		return sel, err
	}
	if v, ok := single(q, paramIndicatorYear); ok {
		y, err := strconv.Atoi(v)
		if err != nil || y < minYear || y > maxYear {
			return sel, paramErrorf(paramIndicatorYear, "%q is not a year between %d and %d", clip(v), minYear, maxYear)
		}
		sel.Year = y
	}
	return sel, nil
}

// indicatorValuesDoc reads the values and the national value of sel.
func (s *Server) indicatorValuesDoc(c echo.Context, ind geo.Indicator, sel indicatorSelection) (indicatorValuesDoc, error) {
	ctx := c.Request().Context()
	values, err := s.analyst.IndicatorValues(ctx, ind.ID, sel.Level, sel.Year)
	if err != nil {
		return indicatorValuesDoc{}, err
	}
	national, err := s.analyst.IndicatorNational(ctx, ind.ID, sel.Year)
	if err != nil {
		return indicatorValuesDoc{}, err
	}
	return indicatorValuesDoc{Indicator: ind.ID, Level: sel.Level, Year: sel.Year, National: finiteOrNil(national), Values: values}, nil
}

// lookupIndicator finds the path's indicator in the catalogue; an unknown
// one is a 404 naming it.
func (s *Server) lookupIndicator(c echo.Context) (geo.Indicator, error) {
	id := c.Param(paramPathIndicator)
	list, err := s.store.Indicators(c.Request().Context())
	if err != nil {
		return geo.Indicator{}, err
	}
	i := slices.IndexFunc(list, func(ind geo.Indicator) bool { return ind.ID == id })
	if i < 0 {
		return geo.Indicator{}, notFound(nil, "no indicator %q; GET %s lists them", clip(id), routeIndicators)
	}
	return list[i], nil
}

// finiteOrNil is nil for NaN and infinities, which JSON cannot carry.
func finiteOrNil(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
