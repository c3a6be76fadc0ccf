package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// GET /api/flows?level=region|departement|epci aggregates the partnerships
// matching the partnerships filters (bbox, datetime, the queryables, the
// territory parameters of touches.go and a CQL2 filter) between the
// territories of that level holding their two actors (data.Store.Flows).
//
// view=flows (the default) answers a GeoJSON FeatureCollection of
// LineStrings from A's representative point to B's (A < B: a flow has no
// direction), largest first, at most top of them; each carries count and
// the counts per scale. view=territories answers one Point per territory
// with its internal (both ends in it: never drawn as a line), outgoing
// (its actor is actor_a) and incoming totals. Either way the collection
// carries the totals that make the conservation law checkable by clients:
// matched = flows + internal + unplaced (an end abroad or in no territory
// of the level), flows counting every flow whatever top.

const (
	pathFlows       = "/api/flows"
	paramFlowTop    = "top"
	paramFlowView   = "view"
	viewFlows       = "flows"
	viewTerritories = "territories"
)

// flowsParamNames lists every parameter /api/flows accepts: the one list
// the handler and the OpenAPI document (flows_openapi.go) are built from.
func flowsParamNames() []string {
	col, _ := data.LookupCollection(data.CollectionPartnerships)
	names := []string{paramLevel, paramFlowTop, paramFlowView, paramBBox, paramDatetime, paramFilter, paramFilterLang, paramFilterCRS}
	names = append(names, touchParamNames(col)...)
	return append(names, col.Queryables...)
}

// flowsParams are the validated parameters of /api/flows.
type flowsParams struct {
	level geo.Level
	top   int
	view  string
	q     data.ItemsQuery
}

// parseFlowsParams validates the query string of /api/flows; every refusal
// is a *ParamError naming the parameter.
func parseFlowsParams(ctx context.Context, q url.Values) (flowsParams, error) {
	col, _ := data.LookupCollection(data.CollectionPartnerships)
	if err := checkParams(q, flowsParamNames()...); err != nil {
		return flowsParams{}, err
	}
	p := flowsParams{view: viewFlows}
	var err error
	if p.level, err = requiredLevel(q, data.FlowLevels()); err != nil {
		return p, err
	}
	if p.top, err = intParam(q, paramFlowTop, p.top, data.MaxLimit); err != nil {
		return p, err
	}
	if v, ok := single(q, paramFlowView); ok {
		if v != viewFlows && v != viewTerritories {
			return p, paramErrorf(paramFlowView, "%q is not %s or %s", clip(v), viewFlows, viewTerritories)
		}
		p.view = v
	}
	if v, ok := single(q, paramBBox); ok {
		if p.q.BBox, err = parseBBox(v); err != nil {
			return p, err
		}
	}
	if p.q.During, _, err = readAnalysisDatetime(ctx, q); err != nil {
		return p, err
	}
	if p.q.Equals, err = parseEquals(col, q); err != nil {
		return p, err
	}
	if p.q.Touches, err = parseTouches(col, q); err != nil {
		return p, err
	}
	part3, err := parsePart3(col, q) // only filter, filter-lang and filter-crs get this far
	if err != nil {
		return p, err
	}
	p.q.Equals, p.q.Filter = col.FoldEquals(p.q.Equals, part3.Filter)
	p.q.Limit = p.top
	return p, nil
}

// flowsDoc is the answer: a GeoJSON FeatureCollection with the totals.
type flowsDoc struct {
	Type           string        `json:"type"`
	Level          geo.Level     `json:"level"`
	View           string        `json:"view"`
	Matched        int           `json:"matched"`
	Flows          int           `json:"flows"`
	Internal       int           `json:"internal"`
	Unplaced       int           `json:"unplaced"`
	NumberReturned int           `json:"numberReturned"`
	Features       []flowFeature `json:"features"`
}

type flowFeature struct {
	Type       string        `json:"type"`
	ID         string        `json:"id"`
	Geometry   *flowGeometry `json:"geometry"`
	Properties any           `json:"properties"` // *pairProps or *territoryFlowProps
}

// pairProps are the properties of a flow between two territories, and
// territoryFlowProps those of one territory, in alphabetical order (as
// maps gave them before): structs, because encoding maps of any took 40 %
// of a cold département flows answer (5 000 features). One field per
// scale of geo.Scales (TestFlowPropsNameEveryScale).
type pairProps struct {
	A             string `json:"a"`
	AName         string `json:"a_name"`
	B             string `json:"b"`
	BName         string `json:"b_name"`
	Count         int    `json:"count"`
	International int    `json:"international"`
	Local         int    `json:"local"`
	National      int    `json:"national"`
	Regional      int    `json:"regional"`
}

type territoryFlowProps struct {
	Code                  string `json:"code"`
	Incoming              int    `json:"incoming"`
	Internal              int    `json:"internal"`
	InternalInternational int    `json:"internal_international"`
	InternalLocal         int    `json:"internal_local"`
	InternalNational      int    `json:"internal_national"`
	InternalRegional      int    `json:"internal_regional"`
	Name                  string `json:"name"`
	Outgoing              int    `json:"outgoing"`
	Total                 int    `json:"total"`
}

type flowGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// flows answers GET /api/flows.
func (s *Server) flows(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := parseFlowsParams(c.Request().Context(), q)
	if err != nil {
		return err
	}
	// The totals need every flow: top is applied here, not by the store.
	all := p.q
	all.Limit = 0
	sum, err := s.analyst.Flows(c.Request().Context(), p.level, all)
	if err != nil {
		return fmt.Errorf("flows at %s: %w", p.level, err)
	}
	return streamJSON(c, http.StatusOK, mediaGeoJSON, flowsDocOf(sum, p), false)
}

// flowsDocOf renders a summary as the view p asks for.
func flowsDocOf(sum geo.FlowSummary, p flowsParams) flowsDoc {
	doc := flowsDoc{Type: "FeatureCollection", Level: p.level, View: p.view, Unplaced: sum.Unplaced, Features: []flowFeature{}}
	for _, f := range sum.Flows {
		doc.Flows += f.Count
	}
	for _, t := range sum.Territories {
		doc.Internal += t.Internal
	}
	doc.Matched = doc.Flows + doc.Internal + doc.Unplaced
	point := func(code string) (orb.Point, bool) {
		a, ok := sum.Anchors[code]
		return a.Point, ok
	}
	if p.view == viewTerritories {
		for _, t := range sum.Territories {
			props := &territoryFlowProps{Code: t.Code, Name: sum.Anchors[t.Code].Name,
				Internal: t.Internal, Outgoing: t.Outgoing, Incoming: t.Incoming,
				Total:         t.Internal + t.Outgoing + t.Incoming,
				InternalLocal: t.InternalByScale[geo.ScaleLocal], InternalRegional: t.InternalByScale[geo.ScaleRegional],
				InternalNational: t.InternalByScale[geo.ScaleNational], InternalInternational: t.InternalByScale[geo.ScaleInternational]}
			var g *flowGeometry
			if pt, ok := point(t.Code); ok {
				g = &flowGeometry{"Point", pt}
			}
			doc.Features = append(doc.Features, flowFeature{"Feature", t.Code, g, props})
		}
	} else {
		flows := sum.Flows
		if p.top > 0 && len(flows) > p.top {
			flows = flows[:p.top]
		}
		for _, f := range flows {
			props := &pairProps{A: f.A, B: f.B, AName: sum.Anchors[f.A].Name, BName: sum.Anchors[f.B].Name, Count: f.Count,
				Local: f.ByScale[geo.ScaleLocal], Regional: f.ByScale[geo.ScaleRegional],
				National: f.ByScale[geo.ScaleNational], International: f.ByScale[geo.ScaleInternational]}
			var g *flowGeometry
			pa, okA := point(f.A)
			pb, okB := point(f.B)
			if okA && okB {
				g = &flowGeometry{"LineString", []orb.Point{pa, pb}}
			}
			doc.Features = append(doc.Features, flowFeature{"Feature", f.A + "-" + f.B, g, props})
		}
	}
	doc.NumberReturned = len(doc.Features)
	return doc
}
