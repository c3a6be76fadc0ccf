package server

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// GET /api/stats[?level=…&territory=…] answers the observatory statistics
// (the partnering rates and averages of Le RAMEAU's 2015 barometer), each
// recomputed from the rows by the analysis layer (analysis.Analyst's
// Observatory, from the store's counts), beside the seed's
// figure and whether the recomputed one lands within the calibration
// tolerance. Without parameters the scope is France (the actors not
// abroad); with level and territory it is the actors located in that
// territory. Both or neither: territory codes overlap between levels (région
// "84" is Auvergne-Rhône-Alpes, département "84" Vaucluse), so a lone code
// is refused rather than guessed at, and so is a lone level. The store, not
// the server, decides what a territory holds; an unknown one is a 404.
//
// JSON by default; f=csv, or an Accept header rating text/csv above JSON,
// gives one CSV row per figure for spreadsheets.

const (
	pathStats           = "/api/stats"
	paramStatsTerritory = "territory"
)

// Calibration tolerances (the demo's calibration contract): one percentage point
// for rates, 0.1 for averages, 1 % of the reference for the national count.
const (
	tolerancePercent       = 1
	toleranceAverage       = 0.1
	toleranceCountRelative = 0.01
)

// statsParamNames lists every parameter /api/stats accepts: the one list
// the handler checks and the OpenAPI document declares (openapi_stats.go).
func statsParamNames() []string {
	return []string{paramLevel, paramStatsTerritory, paramDatetime, paramF}
}

// statsParams are the validated parameters: level and code both empty for
// France.
type statsParams struct {
	level  geo.Level
	code   string
	during *data.Interval // datetime: the partnerships active then
	csv    bool
}

// parseStatsParams validates the query string of /api/stats; every refusal
// is a *ParamError naming the parameter.
func parseStatsParams(c echo.Context, q url.Values) (statsParams, error) {
	if err := checkParams(q, statsParamNames()...); err != nil {
		return statsParams{}, err
	}
	var p statsParams
	level, err := levelParam(q, paramLevel, geo.Levels, "")
	if err != nil {
		return p, err
	}
	code, hasCode := single(q, paramStatsTerritory)
	switch {
	case hasCode && level == "":
		return p, paramErrorf(paramLevel, "is required with territory: codes overlap between levels (région 84, département 84), "+
			"so give region, departement, epci or commune")
	case level != "" && !hasCode:
		return p, paramErrorf(paramStatsTerritory, "is required with level: the code of a %s (INSEE code, SIREN for an EPCI)", level)
	case hasCode:
		if err := checkCode(paramStatsTerritory, code); err != nil {
			return p, err
		}
		p.level, p.code = level, code
	}
	if p.during, _, err = readAnalysisDatetime(c.Request().Context(), q); err != nil {
		return p, err
	}
	p.csv, err = negotiateCSV(c, q)
	return p, err
}

// statsDoc is the JSON answer.
type statsDoc struct {
	Scope statsScope `json:"scope"`
	// ScaleFactor is how many real partnerships one row stands for (100 on
	// the demo), read back from partnerships_total; nil when that figure is
	// missing.
	ScaleFactor *float64      `json:"scale_factor"`
	Figures     []statsFigure `json:"figures"`
}

// statsScope names the scope; Level and Code are null for France.
type statsScope struct {
	Level *geo.Level `json:"level"`
	Code  *string    `json:"code"`
	Name  string     `json:"name"`
}

// statsFigure is one figure as served. Value is null when its group is
// empty (a zero denominator: no data, not 0 %). Reference is null for a
// comparison, whose reference is the ordering its label states. Tolerance and
// WithinTolerance are null when the reference does not apply: no data, or
// a count scaled to France computed over one territory. Holds is set for
// comparisons only, where WithinTolerance repeats it.
type statsFigure struct {
	ID              string             `json:"id"`
	Label           string             `json:"label"`
	Kind            geo.FigureKind     `json:"kind"`
	Value           *float64           `json:"value"`
	Numerator       float64            `json:"numerator"`
	Denominator     float64            `json:"denominator"`
	Reference       *float64           `json:"reference"`
	Unit            string             `json:"unit"`
	Tolerance       *float64           `json:"tolerance"`
	WithinTolerance *bool              `json:"within_tolerance"`
	Holds           *bool              `json:"holds,omitempty"`
	Detail          map[string]float64 `json:"detail,omitempty"`
}

// stats answers GET /api/stats.
func (s *Server) stats(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := parseStatsParams(c, q)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	scope := statsScope{Name: "France"}
	if p.level != "" {
		t, err := s.store.Territory(ctx, p.level, p.code)
		if err != nil {
			return statsNotFound(err, p)
		}
		scope = statsScope{Level: &p.level, Code: &p.code, Name: t.Name}
	}
	obs, err := s.analyst.Observatory(ctx, p.level, p.code, p.during)
	if err != nil {
		return statsNotFound(err, p)
	}
	doc := newStatsDoc(scope, obs)
	if p.csv {
		return writeStatsCSV(c, doc, p)
	}
	return writeJSON(c, mediaJSON, doc)
}

// statsNotFound names the territory parameter in the 404 of an unknown
// territory; other errors pass through.
func statsNotFound(err error, p statsParams) error {
	if errors.Is(err, data.ErrNotFound) {
		return notFound(err, "parameter %q: no %s with code %q", paramStatsTerritory, p.level, p.code)
	}
	return fmt.Errorf("stats of %s %q: %w", p.level, p.code, err)
}

// newStatsDoc renders obs for scope.
func newStatsDoc(scope statsScope, obs geo.Observatory) statsDoc {
	doc := statsDoc{Scope: scope, Figures: make([]statsFigure, 0, len(obs.Figures))}
	if f, ok := obs.Figure("partnerships_total"); ok && f.Denominator > 0 {
		// ComputeObservatory stores the factor as 1/Denominator; rounding
		// to nine significant digits undoes the float round trip.
		sf, _ := strconv.ParseFloat(strconv.FormatFloat(1/f.Denominator, 'g', 9, 64), 64)
		doc.ScaleFactor = finiteOrNil(sf)
	}
	national := scope.Level == nil
	for _, f := range obs.Figures {
		doc.Figures = append(doc.Figures, newStatsFigure(f, national))
	}
	return doc
}

// newStatsFigure renders one figure and compares it with its reference.
func newStatsFigure(f geo.Figure, national bool) statsFigure {
	sf := statsFigure{ID: f.ID, Label: f.Label, Kind: f.Kind, Numerator: f.Numerator, Denominator: f.Denominator,
		Unit: statsUnit(f.Kind), Detail: f.Detail}
	if f.Kind != geo.FigureComparison {
		sf.Reference = finiteOrNil(f.Reference)
	}
	if f.Denominator != 0 {
		sf.Value = finiteOrNil(f.Value)
	}
	var tol float64
	switch f.Kind {
	case geo.FigureComparison:
		holds := f.Holds
		sf.Holds, sf.WithinTolerance = &holds, &holds
		return sf
	case geo.FigurePercent:
		tol = tolerancePercent
	case geo.FigureAverage:
		tol = toleranceAverage
	case geo.FigureCount:
		if !national {
			return sf // the reference counts France, not one territory
		}
		tol = toleranceCountRelative * f.Reference
	default:
		return sf
	}
	if sf.Value == nil {
		return sf
	}
	within := math.Abs(*sf.Value-f.Reference) <= tol
	sf.Tolerance, sf.WithinTolerance = &tol, &within
	return sf
}

// statsUnit is the unit of a figure's value, by kind; a comparison's value
// is the rate or share it is about (insertion structures' partnering rate,
// insertion's share of companies' partnerships).
func statsUnit(k geo.FigureKind) string {
	switch k {
	case geo.FigurePercent, geo.FigureComparison:
		return "%"
	case geo.FigureAverage:
		return "partenariats par acteur partenaire"
	case geo.FigureCount:
		return "partenariats"
	}
	return ""
}

// writeStatsCSV answers doc as CSV (RFC 4180, UTF-8 without BOM): the
// header, then one row per figure; a null is an empty field. The
// file name says the scope.
func writeStatsCSV(c echo.Context, doc statsDoc, p statsParams) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	orEmpty := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v)
	}
	rows := [][]string{{"id", "label", "kind", "value", "numerator", "denominator", "reference"}}
	for _, f := range doc.Figures {
		rows = append(rows, []string{f.ID, f.Label, string(f.Kind), orEmpty(f.Value), num(f.Numerator), num(f.Denominator), orEmpty(f.Reference)})
	}
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("stats: write CSV: %w", err)
	}
	name := "rameau-france.csv"
	if p.level != "" {
		name = "rameau-" + string(p.level) + "-" + p.code + ".csv" // both checked: letters and digits
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, mediaCSV, b.Bytes())
}
