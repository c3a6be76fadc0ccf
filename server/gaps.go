package server

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// GET /api/gaps?level=…[&domain=…][&within=code[&within_level=…]] ranks
// the territories of a level by their partnership gap in a domain
// (analysis.Analyst.RankGaps): fragile territories with few partnerships first,
// every component shown so a reader can see why. domain defaults to "all"
// (every domain some indicator calls for, with equal weights). within keeps
// the territories inside a wider one; percentiles stay national, so a
// commune's gap is the same in its département's list as in France's.
// within's level is inferred from the code when only one wider level has
// it (a SIREN is an EPCI, "2A" a département); "84" is both a région and
// a département, so within_level must then say which.
//
// view=classes answers a compact {code: "3-1"} map of bivariate classes
// for the map to join on codes, like /api/indicators/{id}/values; f=csv (or
// Accept: text/csv) the ranking as a spreadsheet.

const (
	pathGaps              = "/api/gaps"
	paramGapsDomain       = "domain"
	paramGapsWithin       = "within"
	paramGapsWithinLevel  = "within_level"
	paramGapsView         = "view"
	paramGapsLimit        = "limit"
	gapsViewRanking       = "ranking"
	gapsViewClasses       = "classes"
	gapsDomainDefault     = geo.DomainAll
	gapsCSVContentDispose = "attachment; filename=\"maillage-ecarts.csv\""
)

// gapsParamNames lists every parameter /api/gaps accepts: the one list the
// handler checks and the OpenAPI document declares (openapi_gaps.go).
func gapsParamNames() []string {
	return []string{paramLevel, paramGapsDomain, paramGapsWithin, paramGapsWithinLevel, paramDatetime, paramGapsView, paramGapsLimit, paramF}
}

// bivariateColors colour the 3×3 classes "fragility-coverage": red grows
// with fragility, blue with coverage, so "3-1" (fragile, under-partnered:
// the gap) is the strongest red and "1-3" the strongest blue (Joshua
// Stevens's bivariate scheme).
var bivariateColors = map[string]string{
	"1-1": "#e8e8e8", "2-1": "#e4acac", "3-1": "#c85a5a",
	"1-2": "#b0d5df", "2-2": "#ad9ea5", "3-2": "#985356",
	"1-3": "#64acbe", "2-3": "#627f8c", "3-3": "#574249",
}

// gapsParams are the validated parameters.
type gapsParams struct {
	level  geo.Level
	domain geo.Domain
	within *data.TerritoryRef
	during *data.Interval // datetime: the partnerships active then
	view   string
	limit  int
	csv    bool
}

// parseGapsParams validates the query string; within's level is resolved
// against the store (resolveWithin). Every refusal is a *ParamError naming
// the parameter.
func (s *Server) parseGapsParams(c echo.Context, q url.Values) (gapsParams, error) {
	if err := checkParams(q, gapsParamNames()...); err != nil {
		return gapsParams{}, err
	}
	p := gapsParams{domain: gapsDomainDefault, view: gapsViewRanking}
	var err error
	if p.level, err = requiredLevel(q, geo.Levels); err != nil {
		return p, err
	}
	if v, ok := single(q, paramGapsDomain); ok {
		p.domain = geo.Domain(v)
		if !p.domain.Valid() && p.domain != geo.DomainAll {
			return p, paramErrorf(paramGapsDomain, "%q is not a partnership domain (%s) nor %s", clip(v), domainList(), geo.DomainAll)
		}
	}
	if v, ok := single(q, paramGapsView); ok {
		if v != gapsViewRanking && v != gapsViewClasses {
			return p, paramErrorf(paramGapsView, "%q is not %s or %s", clip(v), gapsViewRanking, gapsViewClasses)
		}
		p.view = v
	}
	if p.limit, err = intParam(q, paramGapsLimit, 0, data.MaxLimit); err != nil {
		return p, err
	}
	if p.during, _, err = readAnalysisDatetime(c.Request().Context(), q); err != nil {
		return p, err
	}
	if p.within, err = s.resolveWithin(c, q, p.level); err != nil {
		return p, err
	}
	p.csv, err = negotiateCSV(c, q)
	return p, err
}

// resolveWithin reads within and within_level: the territory, of a level
// wider than level, that holds the territories to list; nil for France.
func (s *Server) resolveWithin(c echo.Context, q url.Values, level geo.Level) (*data.TerritoryRef, error) {
	return s.resolveTerritory(c, q, paramGapsWithin, paramGapsWithinLevel, geo.Levels[:slices.Index(geo.Levels, level)])
}

// resolveTerritory reads a territory named by its code (codeParam) and,
// when needed, its level (levelName), among the levels allowed; nil when
// codeParam is absent. A code only one allowed level has needs no level
// (a SIREN is an EPCI, "2A" a département); "84" is both a région and a
// département, so a level must then say which.
func (s *Server) resolveTerritory(c echo.Context, q url.Values, codeParam, levelName string, allowed []geo.Level) (*data.TerritoryRef, error) {
	code, hasCode := single(q, codeParam)
	if !hasCode {
		if _, hasLevel := single(q, levelName); hasLevel {
			return nil, paramErrorf(codeParam, "is required with %s", levelName)
		}
		return nil, nil
	}
	if err := checkCode(codeParam, code); err != nil {
		return nil, err
	}
	l, err := levelParam(q, levelName, allowed, "")
	if err != nil {
		return nil, err
	}
	if l != "" {
		allowed = []geo.Level{l}
	}
	var found []geo.Level
	for _, l := range allowed {
		if _, err := s.store.Territory(c.Request().Context(), l, code); err == nil {
			found = append(found, l)
		} else if !isNotFound(err) {
			return nil, err
		}
	}
	switch len(found) {
	case 0:
		return nil, paramErrorf(codeParam, "no %s has the code %q", levelList(allowed), clip(code))
	case 1:
		return &data.TerritoryRef{Level: found[0], Code: code}, nil
	}
	return nil, paramErrorf(levelName, "is required: %q is the code of a %s; say which with %s", clip(code), levelList(found), levelName)
}

// gaps answers GET /api/gaps.
func (s *Server) gaps(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := s.parseGapsParams(c, q)
	if err != nil {
		return err
	}
	report, err := s.analyst.RankGaps(c.Request().Context(), p.level, p.domain, p.within, p.during)
	if err != nil {
		return err
	}
	rated := len(report.Rows)
	if p.limit > 0 && rated > p.limit {
		report.Rows = report.Rows[:p.limit]
	}
	switch {
	case p.view == gapsViewClasses:
		classes := make(map[string]string, len(report.Rows))
		for _, g := range report.Rows {
			classes[g.Code] = g.Class
		}
		return c.JSON(200, struct {
			Level   geo.Level         `json:"level"`
			Domain  geo.Domain        `json:"domain"`
			Colors  map[string]string `json:"colors"`
			Classes map[string]string `json:"classes"`
		}{report.Level, report.Domain, bivariateColors, classes})
	case p.csv:
		body, err := gapsCSV(report)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, gapsCSVContentDispose)
		return c.Blob(200, mediaCSV, body)
	}
	return streamJSON(c, 200, echo.MIMEApplicationJSON, newGapsDoc(report, rated), true)
}

// gapsDoc is the JSON ranking.
type gapsDoc struct {
	Level      geo.Level         `json:"level"`
	Domain     geo.Domain        `json:"domain"`
	Domains    []geo.Domain      `json:"domains"`
	Within     *gapsWithin       `json:"within"`
	Definition string            `json:"definition"`
	Indicators []indicatorDoc    `json:"indicators"`
	Colors     map[string]string `json:"colors"`
	Rated      int               `json:"rated"`
	Unrated    []gapUnratedDoc   `json:"unrated"`
	Rows       []gapDoc          `json:"territories"`
}

type gapsWithin struct {
	Level geo.Level `json:"level"`
	Code  string    `json:"code"`
}

type gapUnratedDoc struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// gapDoc is one ranked territory with every component of its gap.
type gapDoc struct {
	Rank           int             `json:"rank"`
	Code           string          `json:"code"`
	Name           string          `json:"name"`
	Population     float64         `json:"population"`
	Partnerships   int             `json:"partnerships"`
	Coverage       float64         `json:"coverage"`
	CoverageRank   float64         `json:"coverage_rank"`
	Fragility      float64         `json:"fragility"`
	Gap            float64         `json:"gap"`
	FragilityClass int             `json:"fragility_class"`
	CoverageClass  int             `json:"coverage_class"`
	Class          string          `json:"class"`
	Indicators     []gapIndicator  `json:"indicators"`
	Domains        []gapDomainPart `json:"domains,omitempty"`
	Reasons        []string        `json:"reasons"`
}

type gapIndicator struct {
	ID         string  `json:"id"`
	Value      float64 `json:"value"`
	Percentile float64 `json:"percentile"`
	Oriented   float64 `json:"fragility"`
}

type gapDomainPart struct {
	Domain       geo.Domain `json:"domain"`
	Partnerships int        `json:"partnerships"`
	Fragility    float64    `json:"fragility"`
	Coverage     float64    `json:"coverage"`
	CoverageRank float64    `json:"coverage_rank"`
	Gap          float64    `json:"gap"`
}

// gapDefinition is the gap ranking's definition (geo.RankGaps) in French,
// served with every ranking.
const gapDefinition = "Fragilité : moyenne des rangs centiles (0 à 1, 1 = le plus fragile, parmi tous les territoires du même niveau en France) " +
	"des indicateurs qui appellent le domaine. Couverture : partenariats du domaine ayant au moins un acteur situé dans le territoire, " +
	"pour 10 000 habitants. Écart = fragilité − rang centile de la couverture (−1 à 1) : les territoires fragiles et peu couverts d'abord. " +
	"Classe bivariée : tercile de fragilité puis tercile de couverture (« 3-1 » : parmi les plus fragiles et les moins couverts). " +
	"Domaine « all » : chaque domaine appelé par au moins un indicateur pèse autant (moyenne des fragilités et des rangs de couverture des domaines)."

// newGapsDoc writes the ranking r, of which rated territories were ranked
// before any limit.
func newGapsDoc(r analysis.GapReport, rated int) gapsDoc {
	doc := gapsDoc{Level: r.Level, Domain: r.Domain, Domains: r.Domains, Definition: gapDefinition,
		Indicators: []indicatorDoc{}, Colors: bivariateColors, Rated: rated, Unrated: []gapUnratedDoc{}, Rows: []gapDoc{}}
	if doc.Domains == nil {
		doc.Domains = []geo.Domain{}
	}
	if r.Within != nil {
		doc.Within = &gapsWithin{r.Within.Level, r.Within.Code}
	}
	labels := map[string]string{}
	for _, ind := range r.Indicators {
		doc.Indicators = append(doc.Indicators, newIndicatorDoc(ind))
		labels[ind.ID] = ind.Label
	}
	for _, u := range r.Unrated {
		reason := "aucune valeur d'indicateur pour ce domaine"
		if u.NoCoverage && !u.NoFragility {
			reason = "population nulle : pas de couverture par habitant"
		} else if u.NoCoverage {
			reason = "ni valeur d'indicateur ni population"
		}
		doc.Unrated = append(doc.Unrated, gapUnratedDoc{Code: u.Code, Name: r.Names[u.Code], Reason: reason})
	}
	for _, g := range r.Rows {
		row := gapDoc{Rank: g.Rank, Code: g.Code, Name: r.Names[g.Code], Population: g.Population, Partnerships: g.Partnerships,
			Coverage: g.Coverage, CoverageRank: g.CoverageRank, Fragility: g.Fragility, Gap: g.Gap,
			FragilityClass: g.FragilityClass, CoverageClass: g.CoverageClass, Class: g.Class,
			Indicators: make([]gapIndicator, len(g.Indicators)), Reasons: gapReasons(g, labels)}
		for i, ind := range g.Indicators {
			row.Indicators[i] = gapIndicator{ID: ind.ID, Value: ind.Value, Percentile: ind.Percentile, Oriented: ind.Oriented}
		}
		for _, d := range g.Domains {
			row.Domains = append(row.Domains, gapDomainPart{Domain: d.Domain, Partnerships: d.Partnerships,
				Fragility: d.Fragility, Coverage: d.Coverage, CoverageRank: d.CoverageRank, Gap: d.Gap})
		}
		doc.Rows = append(doc.Rows, row)
	}
	return doc
}

// gapReasons says in French why a territory ranks where it does: its most
// fragile indicator and how its coverage compares.
func gapReasons(g geo.Gap, labels map[string]string) []string {
	reasons := []string{}
	if len(g.Indicators) > 0 {
		worst := slices.MaxFunc(g.Indicators, func(a, b geo.GapIndicator) int {
			if a.Oriented != b.Oriented {
				if a.Oriented < b.Oriented {
					return -1
				}
				return 1
			}
			return strings.Compare(b.ID, a.ID)
		})
		reasons = append(reasons, fmt.Sprintf("%s : plus fragile que %s des territoires du même niveau",
			labels[worst.ID], percentText(worst.Oriented)))
	}
	if g.Partnerships == 0 {
		reasons = append(reasons, "aucun partenariat dans ce domaine")
	} else {
		reasons = append(reasons, fmt.Sprintf("%d partenariat(s), %s pour 10 000 habitants : mieux couvert que %s des territoires",
			g.Partnerships, frenchNumber(g.Coverage, 1), percentText(g.CoverageRank)))
	}
	return reasons
}

// percentText writes a 0..1 share as a French whole percentage ("92 %").
func percentText(share float64) string {
	return strconv.Itoa(int(share*100+0.5)) + "\u00a0%"
}

// frenchNumber writes v with a decimal comma.
func frenchNumber(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

// gapsCSV writes the ranking, one row per territory, then each indicator's
// value and oriented percentile.
func gapsCSV(r analysis.GapReport) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := []string{"rank", "code", "name", "population", "partnerships", "coverage", "coverage_rank",
		"fragility", "gap", "fragility_class", "coverage_class", "class"}
	for _, ind := range r.Indicators {
		header = append(header, ind.ID+"_value", ind.ID+"_fragility")
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, g := range r.Rows {
		rec := []string{strconv.Itoa(g.Rank), g.Code, r.Names[g.Code], num(g.Population), strconv.Itoa(g.Partnerships),
			num(g.Coverage), num(g.CoverageRank), num(g.Fragility), num(g.Gap),
			strconv.Itoa(g.FragilityClass), strconv.Itoa(g.CoverageClass), g.Class}
		for _, ind := range r.Indicators {
			value, frag := "", ""
			for _, gi := range g.Indicators {
				if gi.ID == ind.ID {
					value, frag = num(gi.Value), num(gi.Oriented)
				}
			}
			rec = append(rec, value, frag)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func domainList() string {
	names := make([]string, len(geo.Domains))
	for i, d := range geo.Domains {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}

func isNotFound(err error) bool { return errors.Is(err, data.ErrNotFound) }
