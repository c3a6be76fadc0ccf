package server

import (
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// GET /api/matches?territory=…&domain=…[&level=…&radius_km=…&limit=…]
// suggests partnerships to build ("mise en relation",
// analysis.Analyst.SuggestMatches): pairs of a company of 10+ employees and an
// association active in the domain, both located in the territory, not
// yet partners, at most radius_km apart, best first, each with its score,
// the score's parts and its reasons in French. level is needed only when
// the code names territories of two levels (84).

const (
	pathMatches            = "/api/matches"
	paramMatchesTerritory  = "territory"
	paramMatchesDomain     = "domain"
	paramMatchesRadius     = "radius_km"
	paramMatchesLimit      = "limit"
	defaultMatchesRadiusKm = 20
	maxMatchesRadiusKm     = 200
	defaultMatchesLimit    = 20
	maxMatchesLimit        = 500
)

func matchesParamNames() []string {
	return []string{paramMatchesTerritory, paramLevel, paramMatchesDomain, paramMatchesRadius, paramMatchesLimit}
}

type matchesParams struct {
	territory data.TerritoryRef
	domain    geo.Domain
	radiusKm  float64
	limit     int
}

func (s *Server) parseMatchesParams(c echo.Context, q url.Values) (matchesParams, error) {
	if err := checkParams(q, matchesParamNames()...); err != nil {
		return matchesParams{}, err
	}
	p := matchesParams{radiusKm: defaultMatchesRadiusKm, limit: defaultMatchesLimit}
	if _, ok := single(q, paramMatchesTerritory); !ok {
		return p, paramErrorf(paramMatchesTerritory, "is required: a territory code (INSEE, SIREN for an EPCI)")
	}
	domain, ok := single(q, paramMatchesDomain)
	if !ok {
		return p, paramErrorf(paramMatchesDomain, "is required: one of %s", domainList())
	}
	if p.domain = geo.Domain(domain); !p.domain.Valid() {
		return p, paramErrorf(paramMatchesDomain, "%q is not one of %s", clip(domain), domainList())
	}
	if v, ok := single(q, paramMatchesRadius); ok {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || !(r > 0) || r > maxMatchesRadiusKm {
			return p, paramErrorf(paramMatchesRadius, "%q is not a distance in km above 0 and at most %d", clip(v), maxMatchesRadiusKm)
		}
		p.radiusKm = r
	}
	var err error
	if p.limit, err = intParam(q, paramMatchesLimit, p.limit, maxMatchesLimit); err != nil {
		return p, err
	}
	t, err := s.resolveTerritory(c, q, paramMatchesTerritory, paramLevel, geo.Levels)
	if err != nil {
		return p, err
	}
	p.territory = *t
	return p, nil
}

// matchesDoc is the answer.
type matchesDoc struct {
	Territory    territoryRefDoc `json:"territory"`
	Domain       geo.Domain      `json:"domain"`
	DomainLabel  string          `json:"domain_label"`
	RadiusKm     float64         `json:"radius_km"`
	Fragility    *float64        `json:"fragility"`
	Companies    int             `json:"companies"`
	Associations int             `json:"associations"`
	Scoring      string          `json:"scoring"`
	Suggestions  []matchDoc      `json:"suggestions"`
}

type territoryRefDoc struct {
	Level geo.Level `json:"level"`
	Code  string    `json:"code"`
	Name  string    `json:"name"`
}

type matchDoc struct {
	Company         int64    `json:"company"`
	CompanyName     string   `json:"company_name"`
	Association     int64    `json:"association"`
	AssociationName string   `json:"association_name"`
	DistanceKm      float64  `json:"distance_km"`
	Score           float64  `json:"score"`
	Distance        float64  `json:"distance_score"`
	Complementarity float64  `json:"complementarity_score"`
	Capacity        float64  `json:"capacity_score"`
	Reasons         []string `json:"reasons"`
}

// matchesScoring is geo.SuggestMatches's score in French.
const matchesScoring = "Score = 0,4 × proximité (1 − distance / rayon) + 0,35 × complémentarité " +
	"(0,4 si l'association emploie des salariés, 0,3 si c'est une structure d'insertion, 0,2 si l'entreprise agit déjà dans le domaine, " +
	"0,1 pour l'industrie ou le BTP) + 0,25 × capacité (1/3 de 10 à 249 salariés, 2/3 de 250 à 999, 1 au-delà). " +
	"Jamais deux acteurs déjà partenaires, ni au-delà du rayon."

// matches answers GET /api/matches.
func (s *Server) matches(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := s.parseMatchesParams(c, q)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.analyst.SuggestMatches(ctx, p.territory, p.domain, p.radiusKm, p.limit)
	if err != nil {
		return err
	}
	t, err := s.store.Territory(ctx, p.territory.Level, p.territory.Code)
	if err != nil {
		return err
	}
	doc := matchesDoc{Territory: territoryRefDoc{t.Level, t.Code, t.Name}, Domain: m.Domain, DomainLabel: geo.DomainLabel(m.Domain),
		RadiusKm: m.RadiusKm, Fragility: m.Fragility, Companies: m.Companies, Associations: m.Associations,
		Scoring: matchesScoring, Suggestions: make([]matchDoc, len(m.Suggestions))}
	for i, sg := range m.Suggestions {
		doc.Suggestions[i] = newMatchDoc(sg)
	}
	return c.JSON(200, doc)
}

func newMatchDoc(sg geo.Match) matchDoc {
	return matchDoc{Company: sg.Company, CompanyName: sg.CompanyName, Association: sg.Association,
		AssociationName: sg.AssociationName, DistanceKm: sg.DistanceKm, Score: sg.Score,
		Distance: sg.Components.Distance, Complementarity: sg.Components.Complementarity,
		Capacity: sg.Components.Capacity, Reasons: sg.Reasons}
}
