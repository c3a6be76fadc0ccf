package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Territories like a territory (analysis.Analyst.Similar) and the
// alliances to duplicate from them (analysis.Analyst.Duplicable): the
// seed's "duplication de solutions déjà existantes dans d'autres
// territoires", for the territory's largest gaps.
const (
	routeSimilar        = "/api/territories/:code/similar"
	routeDuplicable     = "/api/territories/:code/duplicable"
	pathSimilarFmt      = "/api/territories/%s/similar"
	pathDuplicableFmt   = "/api/territories/%s/duplicable"
	paramSimilarLimit   = "limit"
	similarPortraitSize = 5 // what the printable portrait shows of each
)

// territoryLimit reads a /api/territories/{code}/… request's level and
// limit (default def, at most max).
func (s *Server) territoryLimit(c echo.Context, def, max int) (data.TerritoryRef, int, error) {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return data.TerritoryRef{}, 0, err
	}
	if err := checkParams(q, paramLevel, paramSimilarLimit); err != nil {
		return data.TerritoryRef{}, 0, err
	}
	limit, err := intParam(q, paramSimilarLimit, def, max)
	if err != nil {
		return data.TerritoryRef{}, 0, err
	}
	t, err := s.pathTerritory(c, q)
	return t, limit, err
}

// similar answers GET /api/territories/{code}/similar.
func (s *Server) similar(c echo.Context) error {
	t, limit, err := s.territoryLimit(c, analysis.SimilarDefault, analysis.SimilarMax)
	if err != nil {
		return err
	}
	sim, err := s.analyst.Similar(c.Request().Context(), t.Level, t.Code, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newSimilarDoc(sim))
}

// duplicable answers GET /api/territories/{code}/duplicable.
func (s *Server) duplicable(c echo.Context) error {
	t, limit, err := s.territoryLimit(c, analysis.DuplicableDefault, analysis.DuplicableMax)
	if err != nil {
		return err
	}
	dup, err := s.analyst.Duplicable(c.Request().Context(), t.Level, t.Code, limit, time.Now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newDuplicableDoc(dup))
}

type similarDoc struct {
	Territory territoryRefDoc       `json:"territory"`
	Similar   []similarTerritoryDoc `json:"similar"`
}

type similarTerritoryDoc struct {
	territoryRefDoc
	Population int64             `json:"population"`
	Typology   typologyDoc       `json:"typology"`
	Distance   float64           `json:"distance"`
	Parts      []distancePartDoc `json:"parts"`
}

type typologyDoc struct {
	DensityClass        *int    `json:"density_class"`
	QPVShare            float64 `json:"qpv_share"`
	RuralRevitalisation bool    `json:"rural_revitalisation"`
	NaturalPark         bool    `json:"natural_park"`
}

func newTypologyDoc(t geo.Typology) typologyDoc {
	d := typologyDoc{QPVShare: t.QPVShare, RuralRevitalisation: t.RuralRevitalisation, NaturalPark: t.NaturalPark}
	if t.DensityClass > 0 {
		c := t.DensityClass
		d.DensityClass = &c
	}
	return d
}

type distancePartDoc struct {
	Part     string  `json:"part"`
	Distance float64 `json:"distance"`
	Weight   float64 `json:"weight"`
	Reason   string  `json:"reason"`
}

func newSimilarDoc(sim analysis.Similar) similarDoc {
	t := sim.Territory
	doc := similarDoc{Territory: territoryRefDoc{t.Level, t.Code, t.Name}, Similar: []similarTerritoryDoc{}}
	for _, st := range sim.Similar {
		o := st.Territory
		d := similarTerritoryDoc{territoryRefDoc: territoryRefDoc{o.Level, o.Code, o.Name}, Population: o.Population,
			Typology: newTypologyDoc(o.Typology), Distance: st.Distance, Parts: []distancePartDoc{}}
		for _, p := range st.Parts {
			d.Parts = append(d.Parts, distancePartDoc{Part: p.Part, Distance: p.Distance, Weight: p.Weight, Reason: p.Reason})
		}
		doc.Similar = append(doc.Similar, d)
	}
	return doc
}

type duplicableDoc struct {
	Territory territoryRefDoc         `json:"territory"`
	Gaps      []duplicableGapDoc      `json:"gaps"`
	Solutions []duplicableSolutionDoc `json:"solutions"`
}

type duplicableGapDoc struct {
	Domain      geo.Domain `json:"domain"`
	DomainLabel string     `json:"domain_label"`
	Gap         float64    `json:"gap"`
	Fragility   float64    `json:"fragility"`
	Coverage    float64    `json:"coverage"`
}

type duplicableSolutionDoc struct {
	ID           int64                     `json:"id"`
	Alliance     analysis.PortraitAlliance `json:"alliance"`
	StakeLabel   string                    `json:"stake_label"`
	Territory    territoryRefDoc           `json:"territory"`
	Distance     float64                   `json:"distance"`
	GapRank      int                       `json:"gap_rank"`
	Age          *int                      `json:"age"`
	Partnerships int64                     `json:"partnerships"`
	ByScale      map[string]int64          `json:"by_scale"`
	Score        float64                   `json:"score"`
	Reasons      []string                  `json:"reasons"`
}

func newDuplicableDoc(dup analysis.Duplicable) duplicableDoc {
	t := dup.Territory
	doc := duplicableDoc{Territory: territoryRefDoc{t.Level, t.Code, t.Name}, Gaps: []duplicableGapDoc{}, Solutions: []duplicableSolutionDoc{}}
	for _, g := range dup.Gaps {
		doc.Gaps = append(doc.Gaps, duplicableGapDoc{Domain: g.Domain, DomainLabel: geo.DomainLabel(g.Domain), Gap: g.Gap,
			Fragility: g.Fragility, Coverage: g.Coverage})
	}
	for _, s := range dup.Solutions {
		o := s.Territory
		d := duplicableSolutionDoc{ID: s.ID, Alliance: s.Alliance, StakeLabel: geo.DomainLabel(s.Alliance.Stake),
			Territory: territoryRefDoc{o.Level, o.Code, o.Name}, Distance: s.Distance, GapRank: s.GapRank, Age: s.Age,
			Partnerships: s.Partnerships, ByScale: map[string]int64{}, Score: s.Score, Reasons: s.Reasons}
		for _, sc := range geo.Scales {
			d.ByScale[string(sc)] = s.ByScale[sc]
		}
		doc.Solutions = append(doc.Solutions, d)
	}
	return doc
}
