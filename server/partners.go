package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// The partners of one actor (analysis.Analyst.ActorPartners), named: what
// an actor's popup on the map lists, in one request. The partnerships
// collection alone would need one more request per partner for its name.
const (
	routePartners      = "/api/actors/:id/partners"
	paramPartnersActor = "id"
	paramPartnersLimit = "limit"
)

// partners answers GET /api/actors/{id}/partners.
func (s *Server) partners(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, paramPartnersLimit, paramDatetime); err != nil {
		return err
	}
	limit, err := intParam(q, paramPartnersLimit, analysis.PartnersDefault, analysis.PartnersMax)
	if err != nil {
		return err
	}
	during, _, err := readAnalysisDatetime(c.Request().Context(), q)
	if err != nil {
		return err
	}
	raw := c.Param(paramPartnersActor)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		// Actor ids are integers: anything else names no actor.
		return notFoundParam(paramPartnersActor, "no actor has the id %q", clip(raw))
	}
	ps, err := s.analyst.ActorPartners(c.Request().Context(), id, limit, during)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return notFoundParam(paramPartnersActor, "no actor has the id %d", id)
	case err != nil:
		return fmt.Errorf("partners of actor %d: %w", id, err)
	}
	return c.JSON(http.StatusOK, newPartnersDoc(ps))
}

type partnersDoc struct {
	Actor    partnersActorDoc `json:"actor"`
	Total    int              `json:"total"`
	Partners []partnerDoc     `json:"partners"`
}

type partnersActorDoc struct {
	ID     int64         `json:"id"`
	Name   string        `json:"name"`
	Kind   geo.ActorKind `json:"kind"`
	Active bool          `json:"active"`
}

type partnerDoc struct {
	Partnership int64         `json:"partnership"`
	ID          int64         `json:"id"`
	Name        string        `json:"name"`
	Kind        geo.ActorKind `json:"kind"`
	Category    geo.Category  `json:"category"`
	Domain      geo.Domain    `json:"domain"`
	Scale       geo.Scale     `json:"scale"`
	Active      bool          `json:"active"`
}

func newPartnersDoc(ps analysis.Partners) partnersDoc {
	doc := partnersDoc{
		Actor:    partnersActorDoc{ID: ps.Actor.ID, Name: ps.Actor.Name, Kind: ps.Actor.Kind, Active: !ps.Actor.Inactive},
		Total:    ps.Total,
		Partners: make([]partnerDoc, 0, len(ps.Partners)),
	}
	for _, p := range ps.Partners {
		doc.Partners = append(doc.Partners, partnerDoc{Partnership: p.Partnership, ID: p.Actor, Name: p.Name, Kind: p.Kind,
			Category: p.Category, Domain: p.Domain, Scale: p.Scale, Active: !p.Inactive})
	}
	return doc
}
