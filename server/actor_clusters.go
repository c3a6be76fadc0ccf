package server

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// GET /api/actor-clusters?zoom=Z&bbox=w,s,e,n[&kind=…] counts the actors
// in the box (edges included, as the items bbox) by cell of a grid in
// longitude/latitude degrees whose side is 64 pixels of a 256-pixel tile
// at zoom Z, 360 / 2^Z / 4 (data.Store.ActorClusters), for the map viewer
// zoomed out: a GeoJSON FeatureCollection with one Point per cell holding
// an actor, at the mean position of its actors (7 decimals), with id
// "cx/cy" (the cell's indices, floor(lon / side) and floor(lat / side)),
// count, by_kind and employees; ordered by cx then cy. kind keeps one kind,
// as on the actors collection. A box spanning more than
// data.MaxClusterCells cells at that zoom is refused, naming bbox.

const (
	pathActorClusters = "/api/actor-clusters"
	paramClusterZoom  = "zoom"
	paramClusterKind  = "kind"
)

// actorClustersParamNames lists every parameter /api/actor-clusters
// accepts: the one list the handler checks and the OpenAPI document
// declares (openapi_actor_clusters.go).
func actorClustersParamNames() []string {
	return []string{paramClusterZoom, paramBBox, paramClusterKind}
}

// actorClustersParams are the validated parameters: q holds the bbox and
// the kind as an equality filter on the actors' queryable kind.
type actorClustersParams struct {
	zoom int
	q    data.ItemsQuery
}

// parseActorClustersParams validates the query string of
// /api/actor-clusters; every refusal is a *ParamError naming the
// parameter.
func parseActorClustersParams(q url.Values) (actorClustersParams, error) {
	if err := checkParams(q, actorClustersParamNames()...); err != nil {
		return actorClustersParams{}, err
	}
	var p actorClustersParams
	v, ok := single(q, paramClusterZoom)
	if !ok {
		return p, paramErrorf(paramClusterZoom, "is required: the map's zoom, an integer in 0..%d", geo.MaxClusterZoom)
	}
	zoom, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || zoom < 0 || zoom > geo.MaxClusterZoom {
		return p, paramErrorf(paramClusterZoom, "%q is not an integer in 0..%d", clip(v), geo.MaxClusterZoom)
	}
	p.zoom = zoom
	v, ok = single(q, paramBBox)
	if !ok {
		return p, paramErrorf(paramBBox, "is required: the map's view as minx,miny,maxx,maxy in longitude/latitude (CRS84)")
	}
	if p.q.BBox, err = parseBBox(v); err != nil {
		return p, err
	}
	if v, ok := single(q, paramClusterKind); ok {
		if !geo.ActorKind(v).Valid() {
			return p, paramErrorf(paramClusterKind, "%q is not one of %s", clip(v), strings.Join(stringsOf(geo.ActorKinds), ", "))
		}
		p.q.Equals = []data.PropertyFilter{{Name: paramClusterKind, Value: v}}
	}
	if err := data.CheckActorClusters(p.zoom, p.q); err != nil {
		return p, err
	}
	return p, nil
}

// actorClustersDoc is the answer: a GeoJSON FeatureCollection with the
// grid's zoom and side, the actors counted (numberMatched) and the
// clusters (numberReturned).
type actorClustersDoc struct {
	Type           string                `json:"type"`
	Zoom           int                   `json:"zoom"`
	CellDegrees    float64               `json:"cell_degrees"`
	NumberMatched  int64                 `json:"numberMatched"`
	NumberReturned int                   `json:"numberReturned"`
	Features       []actorClusterFeature `json:"features"`
}

type actorClusterFeature struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Geometry   flowGeometry      `json:"geometry"`
	Properties actorClusterProps `json:"properties"`
}

// actorClusterProps are one cluster's figures; by_kind has a key for each
// kind present only.
type actorClusterProps struct {
	Count     int                   `json:"count"`
	ByKind    map[geo.ActorKind]int `json:"by_kind"`
	Employees int64                 `json:"employees"`
}

// actorClusters answers GET /api/actor-clusters.
func (s *Server) actorClusters(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := parseActorClustersParams(q)
	if err != nil {
		return err
	}
	cs, err := s.analyst.ActorClusters(c.Request().Context(), p.zoom, p.q)
	if err != nil {
		return fmt.Errorf("actor clusters at zoom %d: %w", p.zoom, err)
	}
	return streamJSON(c, http.StatusOK, mediaGeoJSON, actorClustersDocOf(p.zoom, cs), false)
}

// actorClustersDocOf renders the store's clusters, in its order.
func actorClustersDocOf(zoom int, cs []geo.ActorCluster) actorClustersDoc {
	doc := actorClustersDoc{Type: "FeatureCollection", Zoom: zoom, CellDegrees: geo.ClusterCellDegrees(zoom),
		NumberReturned: len(cs), Features: make([]actorClusterFeature, len(cs))}
	round := func(v float64) float64 { return math.Round(v*1e7) / 1e7 } // 7 decimals, as features have
	for i, cl := range cs {
		doc.NumberMatched += int64(cl.Count)
		doc.Features[i] = actorClusterFeature{
			Type:       "Feature",
			ID:         strconv.FormatInt(cl.Cell.X, 10) + "/" + strconv.FormatInt(cl.Cell.Y, 10),
			Geometry:   flowGeometry{"Point", [2]float64{round(cl.Center[0]), round(cl.Center[1])}},
			Properties: actorClusterProps{Count: cl.Count, ByKind: cl.ByKind, Employees: cl.Employees},
		}
	}
	return doc
}
