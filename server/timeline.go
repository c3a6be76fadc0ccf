package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/geo"
)

// The timeline of a territory (analysis.Analyst.Timeline): its partnerships
// and partnering rates year by year, from and to given years (default: its
// first partnership's year to the current year). step names the period;
// the only one is the calendar year, the period the figures are defined on.
const (
	routeTimelineJSON   = "/api/territories/:code/timeline"
	pathTimelineJSONFmt = "/api/territories/%s/timeline"
	paramTimelineFrom   = "from"
	paramTimelineTo     = "to"
	paramTimelineStep   = "step"
	timelineStepYear    = "year"
)

// timeline answers GET /api/territories/{code}/timeline.
func (s *Server) timeline(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, paramLevel, paramTimelineFrom, paramTimelineTo, paramTimelineStep); err != nil {
		return err
	}
	var r analysis.TimelineRange
	for _, b := range []struct {
		name string
		year *int
	}{{paramTimelineFrom, &r.From}, {paramTimelineTo, &r.To}} {
		if v, ok := single(q, b.name); ok {
			y, err := strconv.Atoi(v)
			if err != nil || y == 0 { // 0 would read as "the default"; the range is CheckTimelineRange's
				return paramErrorf(b.name, "%q is not a year from %d to %d", clip(v), analysis.TimelineFirstYear, analysis.TimelineLastYear)
			}
			*b.year = y
		}
	}
	if v, ok := single(q, paramTimelineStep); ok && v != timelineStepYear {
		return paramErrorf(paramTimelineStep, "%q is not a step; the only one is %q", clip(v), timelineStepYear)
	}
	if err := analysis.CheckTimelineRange(r); err != nil {
		return err
	}
	t, err := s.pathTerritory(c, q)
	if err != nil {
		return err
	}
	tl, err := s.analyst.Timeline(c.Request().Context(), t.Level, t.Code, r, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newTimelineDoc(tl))
}

// timelineDoc is the JSON timeline.
type timelineDoc struct {
	Territory territoryRefDoc `json:"territory"`
	From      int             `json:"from"`
	To        int             `json:"to"`
	Step      string          `json:"step"`
	// Associations and Companies10 are the territory's actors of each
	// group today, the denominators of every year's rates.
	Associations int64             `json:"associations"`
	Companies10  int64             `json:"companies10"`
	Years        []timelineYearDoc `json:"years"`
}

type timelineYearDoc struct {
	Year                   int              `json:"year"`
	Active                 int64            `json:"active"`
	Started                int64            `json:"started"`
	Ended                  int64            `json:"ended"`
	ByCategory             map[string]int64 `json:"by_category"`
	ByDomain               map[string]int64 `json:"by_domain"`
	ByScale                map[string]int64 `json:"by_scale"`
	AssociationsPartnering int64            `json:"associations_partnering"`
	Companies10Partnering  int64            `json:"companies10_partnering"`
	AssociationRate        *float64         `json:"association_rate"`
	Company10Rate          *float64         `json:"company10_rate"`
}

func newTimelineDoc(tl analysis.Timeline) timelineDoc {
	t := tl.Territory
	doc := timelineDoc{Territory: territoryRefDoc{t.Level, t.Code, t.Name}, From: tl.From, To: tl.To, Step: timelineStepYear,
		Associations: tl.Associations, Companies10: tl.Companies10, Years: []timelineYearDoc{}}
	for _, y := range tl.Years {
		yd := timelineYearDoc{Year: y.Year, Active: y.Active, Started: y.Started, Ended: y.Ended,
			ByCategory: map[string]int64{}, ByDomain: map[string]int64{}, ByScale: map[string]int64{},
			AssociationsPartnering: y.AssociationsPartnering, Companies10Partnering: y.Companies10Partnering,
			AssociationRate: y.AssociationRate, Company10Rate: y.Company10Rate}
		for _, c := range geo.Categories {
			yd.ByCategory[string(c)] = y.ByCategory[c]
		}
		for _, d := range geo.Domains {
			yd.ByDomain[string(d)] = y.ByDomain[d]
		}
		for _, sc := range geo.Scales {
			yd.ByScale[string(sc)] = y.ByScale[sc]
		}
		doc.Years = append(doc.Years, yd)
	}
	return doc
}
