package server

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"golang.org/x/sync/errgroup"
)

// The portrait of a territory (analysis.Analyst.Portrait): JSON for
// programs at /api/territories/{code}/portrait, and a printable French page
// at /portrait/{code}, whose charts are SVG written by the server so that
// it prints with no script and no network. level is needed only when the
// code names territories of two levels (84).
const (
	routePortraitJSON   = "/api/territories/:code/portrait"
	routePortraitHTML   = "/portrait/:code"
	paramPathCode       = "code"
	pathPortraitJSONFmt = "/api/territories/%s/portrait"
	pathPortraitHTMLFmt = "/portrait/%s"
)

func portraitParamNames() []string { return []string{paramLevel, paramDatetime} }

// portraitRequest is a portrait request's territory and datetime (today's
// date when none is given: readAnalysisDatetime; text for links).
type portraitRequest struct {
	data.TerritoryRef
	during   *data.Interval
	datetime string
}

// portraitTerritory resolves the territory and datetime of a portrait
// request.
func (s *Server) portraitTerritory(c echo.Context) (portraitRequest, error) {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return portraitRequest{}, err
	}
	if err := checkParams(q, portraitParamNames()...); err != nil {
		return portraitRequest{}, err
	}
	var r portraitRequest
	if r.during, r.datetime, err = readAnalysisDatetime(c.Request().Context(), q); err != nil {
		return portraitRequest{}, err
	}
	r.TerritoryRef, err = s.pathTerritory(c, q)
	return r, err
}

// pathTerritory resolves the territory a /api/territories/{code}/… path
// names, with its level parameter in q (checked by the caller): an
// unknown code is a 404.
func (s *Server) pathTerritory(c echo.Context, q url.Values) (data.TerritoryRef, error) {
	code := c.Param(paramPathCode)
	q.Set(paramPathCode, code)
	t, err := s.resolveTerritory(c, q, paramPathCode, paramLevel, geo.Levels)
	if err != nil {
		if pe, ok := err.(*ParamError); ok && pe.Param == paramPathCode {
			return data.TerritoryRef{}, notFound(nil, "no territory has the code %q", clip(code))
		}
		return data.TerritoryRef{}, err
	}
	return *t, nil
}

// portrait resolves the request's territory and builds its portrait, for
// both of its representations.
func (s *Server) portrait(c echo.Context) (portraitRequest, portraitDoc, error) {
	t, err := s.portraitTerritory(c)
	if err != nil {
		return t, portraitDoc{}, err
	}
	p, err := s.analyst.Portrait(c.Request().Context(), t.Level, t.Code, t.during)
	if err != nil {
		return t, portraitDoc{}, err
	}
	return t, newPortraitDoc(p, t.datetime), nil
}

// portraitJSON answers GET /api/territories/{code}/portrait.
func (s *Server) portraitJSON(c echo.Context) error {
	_, doc, err := s.portrait(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, doc)
}

// portraitHTML answers GET /portrait/{code}: the portrait and, drawn
// beside it, the territory's timeline over its default years, both
// computed at once.
func (s *Server) portraitHTML(c echo.Context) error {
	t, err := s.portraitTerritory(c)
	if err != nil {
		return err
	}
	var p analysis.Portrait
	var tl analysis.Timeline
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) { p, err = s.analyst.Portrait(ctx, t.Level, t.Code, t.during); return err })
	g.Go(func() (err error) {
		tl, err = s.analyst.Timeline(ctx, t.Level, t.Code, analysis.TimelineRange{}, time.Now())
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	doc := newPortraitDoc(p, t.datetime)
	charts := portraitCharts(doc)
	charts["timeline"] = timelineChart(newTimelineDoc(tl))
	var b bytes.Buffer
	view := portraitView{Doc: doc, Charts: charts, Timeline: newTimelineDoc(tl),
		JSONHref:     fmt.Sprintf(pathPortraitJSONFmt, t.Code) + "?level=" + string(t.Level) + datetimeParam(t.datetime),
		TimelineHref: fmt.Sprintf(pathTimelineJSONFmt, t.Code) + "?level=" + string(t.Level)}
	if err := portraitTemplate.Execute(&b, view); err != nil {
		return fmt.Errorf("portrait page: %w", err)
	}
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}

// portraitDoc is the JSON portrait.
type portraitDoc struct {
	Territory portraitTerritoryDoc `json:"territory"`
	// Datetime is the request's datetime, as given, or today's date: the
	// partnerships counted (figures, partnerships, gaps) are those active
	// then ("../..": every one on record).
	Datetime     *string                     `json:"datetime"`
	Parent       *territoryRefDoc            `json:"parent"`
	Indicators   []portraitIndicatorDoc      `json:"indicators"`
	ActorsByKind map[string]int64            `json:"actors_by_kind"`
	Actors       int64                       `json:"actors"`
	Rates        []statsFigureBrief          `json:"partnering"`
	Partnerships portraitPartnerships        `json:"partnerships"`
	Alliances    []analysis.PortraitAlliance `json:"alliances"`
	Gaps         []portraitGapDoc            `json:"gaps"`
	// Similar and Duplicable are the first of /similar and /duplicable.
	Similar    []similarTerritoryDoc   `json:"similar"`
	Duplicable []duplicableSolutionDoc `json:"duplicable"`
}

type portraitTerritoryDoc struct {
	Level              geo.Level   `json:"level"`
	Code               string      `json:"code"`
	Name               string      `json:"name"`
	Population         int64       `json:"population"`
	Region             string      `json:"region,omitempty"`
	Departement        string      `json:"departement,omitempty"`
	EPCI               string      `json:"epci,omitempty"`
	Approximate        bool        `json:"approximate"`
	Typology           typologyDoc `json:"typology"`
	AlliancesCount     int         `json:"alliances_count"`
	AlliancesFirstYear *int        `json:"alliances_first_year"`
}

type portraitIndicatorDoc struct {
	ID            string   `json:"id"`
	Label         string   `json:"label"`
	Unit          string   `json:"unit"`
	Theme         string   `json:"theme"`
	HigherIsWorse bool     `json:"higher_is_worse"`
	Year          int      `json:"year"`
	Value         *float64 `json:"value"`
	Parent        *float64 `json:"parent"`
	National      *float64 `json:"national"`
	Rank          int      `json:"rank,omitempty"`
	Of            int      `json:"of,omitempty"`
	Percentile    *float64 `json:"percentile"`
}

// statsFigureBrief is one observatory figure as a portrait quotes it.
type statsFigureBrief struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Value       *float64 `json:"value"`
	Numerator   float64  `json:"numerator"`
	Denominator float64  `json:"denominator"`
}

type portraitPartnerships struct {
	Total      int64            `json:"total"`
	ByCategory map[string]int64 `json:"by_category"`
	ByDomain   map[string]int64 `json:"by_domain"`
	ByScale    map[string]int64 `json:"by_scale"`
	// ByStage counts them by life-cycle stage; StageUnknown those whose
	// stage is not recorded.
	ByStage      map[string]int64 `json:"by_stage"`
	StageUnknown int64            `json:"stage_unknown"`
	// ScaleShares are each scale's share of the total, in percent.
	ScaleShares map[string]float64 `json:"scale_shares"`
}

type portraitGapDoc struct {
	Domain       geo.Domain `json:"domain"`
	DomainLabel  string     `json:"domain_label"`
	Fragility    float64    `json:"fragility"`
	Partnerships int        `json:"partnerships"`
	Coverage     float64    `json:"coverage"`
	CoverageRank float64    `json:"coverage_rank"`
	Gap          float64    `json:"gap"`
	Suggestions  []matchDoc `json:"suggestions"`
}

// portraitFigures are the observatory figures a portrait quotes: the
// partnering rates of associations and of companies of 10+ employees.
var portraitFigures = []string{"assoc_partnering", "assoc_employer_partnering", "company10_partnering", "company1000_partnering"}

func newPortraitDoc(p analysis.Portrait, datetime string) portraitDoc {
	t := p.Territory
	doc := portraitDoc{ActorsByKind: map[string]int64{}, Alliances: p.Alliances, Indicators: []portraitIndicatorDoc{},
		Rates: []statsFigureBrief{}, Gaps: []portraitGapDoc{}}
	if datetime != "" {
		doc.Datetime = &datetime
	}
	doc.Territory = portraitTerritoryDoc{Level: t.Level, Code: t.Code, Name: t.Name, Population: t.Population,
		Region: t.RegionCode, Departement: t.DepartementCode, EPCI: t.EPCICode, Approximate: t.Approximate,
		AlliancesCount: t.Alliances.Count}
	doc.Territory.Typology = newTypologyDoc(t.Typology)
	if t.Alliances.FirstYear > 0 {
		y := t.Alliances.FirstYear
		doc.Territory.AlliancesFirstYear = &y
	}
	if p.Parent != nil {
		doc.Parent = &territoryRefDoc{p.Parent.Level, p.Parent.Code, p.Parent.Name}
	}
	for _, pi := range p.Indicators {
		doc.Indicators = append(doc.Indicators, portraitIndicatorDoc{ID: pi.Indicator.ID, Label: pi.Indicator.Label,
			Unit: pi.Indicator.Unit, Theme: pi.Indicator.Theme, HigherIsWorse: pi.Indicator.HigherIsWorse, Year: pi.Indicator.Year,
			Value: pi.Value, Parent: pi.Parent, National: pi.National, Rank: pi.Rank, Of: pi.Of, Percentile: pi.Percentile})
	}
	for _, k := range geo.ActorKinds {
		doc.ActorsByKind[string(k)] = p.ActorsByKind[k]
		doc.Actors += p.ActorsByKind[k]
	}
	for _, id := range portraitFigures {
		if f, ok := p.Observatory.Figure(id); ok {
			doc.Rates = append(doc.Rates, statsFigureBrief{ID: f.ID, Label: f.Label, Value: finiteOrNil(f.Value),
				Numerator: f.Numerator, Denominator: f.Denominator})
		}
	}
	pp := portraitPartnerships{Total: p.Partnerships, ByCategory: map[string]int64{}, ByDomain: map[string]int64{},
		ByScale: map[string]int64{}, ByStage: map[string]int64{}, StageUnknown: p.Partnerships, ScaleShares: map[string]float64{}}
	for _, st := range geo.Stages {
		pp.ByStage[string(st)] = p.PartnershipsByStage[st]
		pp.StageUnknown -= p.PartnershipsByStage[st]
	}
	for k, n := range p.PartnershipsByCategory {
		pp.ByCategory[string(k)] = n
	}
	for k, n := range p.PartnershipsByDomain {
		pp.ByDomain[string(k)] = n
	}
	for k, n := range p.PartnershipsByScale {
		pp.ByScale[string(k)] = n
		if p.Partnerships > 0 {
			pp.ScaleShares[string(k)] = 100 * float64(n) / float64(p.Partnerships)
		}
	}
	doc.Partnerships = pp
	for _, g := range p.Gaps {
		gd := portraitGapDoc{Domain: g.Domain, DomainLabel: geo.DomainLabel(g.Domain), Fragility: g.Fragility,
			Partnerships: g.Partnerships, Coverage: g.Coverage, CoverageRank: g.CoverageRank, Gap: g.Gap, Suggestions: []matchDoc{}}
		for _, sg := range g.Suggestions {
			gd.Suggestions = append(gd.Suggestions, newMatchDoc(sg))
		}
		doc.Gaps = append(doc.Gaps, gd)
	}
	doc.Similar = newSimilarDoc(analysis.Similar{Territory: t, Similar: p.Similar}).Similar
	doc.Duplicable = newDuplicableDoc(analysis.Duplicable{Territory: t, Solutions: p.Duplicable}).Solutions
	return doc
}

// portraitView is what the page template reads.
type portraitView struct {
	Doc          portraitDoc
	Charts       map[string]template.HTML
	Timeline     timelineDoc
	JSONHref     string
	TimelineHref string
}

// bar is one row of a horizontal bar chart.
type bar struct {
	Label string
	Value float64
	Text  string
	Color string
}

// barChart writes a horizontal bar chart as SVG: one labelled bar per row,
// lengths proportional to the largest value. Labels are escaped.
func barChart(bars []bar) template.HTML {
	const rowH, labelW, barW, textW = 22, 230, 300, 90
	maxV := 0.0
	for _, b := range bars {
		maxV = math.Max(maxV, b.Value)
	}
	var s bytes.Buffer
	h := rowH * len(bars)
	fmt.Fprintf(&s, `<svg role="img" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui,sans-serif" font-size="13">`,
		labelW+barW+textW, h, labelW+barW+textW, h)
	for i, b := range bars {
		y := i * rowH
		w := 0.0
		if maxV > 0 {
			w = barW * b.Value / maxV
		}
		color := b.Color
		if color == "" {
			color = "#24507a"
		}
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+15, template.HTMLEscapeString(b.Label))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, y+4, w, rowH-8, color)
		fmt.Fprintf(&s, `<text x="%.1f" y="%d">%s</text>`, float64(labelW)+w+4, y+15, template.HTMLEscapeString(b.Text))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String()) // built from escaped text and numbers only
}

// portraitCharts draws the page's charts.
func portraitCharts(doc portraitDoc) map[string]template.HTML {
	count := func(n int64) string { return strconv.FormatInt(n, 10) }
	var kinds, cats, doms, scales []bar
	for _, k := range geo.ActorKinds {
		kinds = append(kinds, bar{Label: kindLabels[k], Value: float64(doc.ActorsByKind[string(k)]), Text: count(doc.ActorsByKind[string(k)])})
	}
	for _, c := range geo.Categories {
		n := doc.Partnerships.ByCategory[string(c)]
		cats = append(cats, bar{Label: categoryLabels[c], Value: float64(n), Text: count(n)})
	}
	for _, d := range geo.Domains {
		n := doc.Partnerships.ByDomain[string(d)]
		doms = append(doms, bar{Label: geo.DomainLabel(d), Value: float64(n), Text: count(n)})
	}
	slices.SortStableFunc(doms, func(a, b bar) int { return int(b.Value - a.Value) })
	for _, sc := range geo.Scales {
		n := doc.Partnerships.ByScale[string(sc)]
		scales = append(scales, bar{Label: scaleLabels[sc], Value: float64(n),
			Text: count(n) + " (" + frenchNumber(doc.Partnerships.ScaleShares[string(sc)], 0) + "\u00a0%)", Color: scaleColors[sc]})
	}
	var stages []bar
	for _, st := range geo.Stages {
		n := doc.Partnerships.ByStage[string(st)]
		stages = append(stages, bar{Label: stageLabels[st], Value: float64(n), Text: count(n)})
	}
	if doc.Partnerships.StageUnknown > 0 {
		stages = append(stages, bar{Label: "Étape non renseignée", Value: float64(doc.Partnerships.StageUnknown),
			Text: count(doc.Partnerships.StageUnknown), Color: "#999"})
	}
	return map[string]template.HTML{"kinds": barChart(kinds), "categories": barChart(cats), "domains": barChart(doms), "scales": barChart(scales),
		"stages": barChart(stages)}
}

// portraitTemplate is the printable page; its functions format numbers the
// French way.
var portraitTemplate = template.Must(template.New("portrait.html").Funcs(template.FuncMap{
	"num": func(v *float64) string {
		if v == nil {
			return "—"
		}
		return frenchNumber(*v, 1)
	},
	"pct":   func(v *float64) string { return portraitPercent(v) },
	"share": func(v float64) string { return percentText(v) },
	"dec":   func(v float64) string { return frenchNumber(v, 2) },
	"level": func(l geo.Level) string { return levelLabels[l] },
	"int":   thousands,
	"stake": func(d geo.Domain) string { return geo.DomainLabel(d) },
	"kind":  func(k string) string { return kindLabels[geo.ActorKind(k)] },
	"last":  func(n int) int { return n - 1 },
	// when says when the counted partnerships were active: "le" one
	// date, "pendant" an interval or an instant.
	"when": func(datetime string) string {
		if _, err := time.Parse(time.DateOnly, datetime); err == nil {
			return "le " + datetime
		}
		return "pendant " + datetime
	},
	// rate is a partnering rate in percent, or says that the territory
	// has no actor of the group.
	"rate": func(v *float64) string {
		if v == nil {
			return "aucune dans le territoire"
		}
		return frenchNumber(*v, 1) + "\u00a0%"
	},
}).ParseFS(templatesFS, "templates/portrait.html"))

// thousands writes n with French digit groups ("1 914 667", narrow
// no-break spaces).
func thousands(n int64) string {
	digits := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		digits = digits[1:]
	}
	var b []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, "\u202f"...)
		}
		b = append(b, digits[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

func portraitPercent(v *float64) string {
	if v == nil {
		return "—"
	}
	return percentText(*v)
}

// datetimeParam is "&datetime=…" for a datetime given as text, "" for none.
func datetimeParam(datetime string) string {
	if datetime == "" {
		return ""
	}
	return "&" + paramDatetime + "=" + queryEscape(datetime)
}
