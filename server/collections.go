package server

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// collectionDoc describes one collection (OGC API – Features
// collectionInfo). Extent is nil when the store knows none (an empty
// collection).
type collectionDoc struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Links       []link   `json:"links"`
	Extent      *extent  `json:"extent,omitempty"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	StorageCRS  string   `json:"storageCrs"`
}

type extent struct {
	Spatial  *spatialExtent  `json:"spatial,omitempty"`
	Temporal *temporalExtent `json:"temporal,omitempty"`
}

// spatialExtent has one box, [minx, miny, maxx, maxy] in CRS84.
type spatialExtent struct {
	BBox [][4]float64 `json:"bbox"`
	CRS  string       `json:"crs"`
}

// temporalExtent has one interval; a nil end is open.
type temporalExtent struct {
	Interval [][2]*string `json:"interval"`
	TRS      string       `json:"trs"`
}

// collectionsDoc is the /collections document. It has no next link: GDAL
// would follow one.
type collectionsDoc struct {
	Links       []link          `json:"links"`
	Collections []collectionDoc `json:"collections"`
}

// collections answers GET /ogc/collections: every collection of
// catalog(), in its order, with its extent from its source.
func (s *Server) collections(c echo.Context) error {
	f, err := checkOnlyF(c)
	if err != nil {
		return err
	}
	cat := catalog()
	docs := make([]collectionDoc, 0, len(cat))
	for _, col := range cat {
		d, err := s.collectionDoc(c, col)
		if err != nil {
			return err
		}
		docs = append(docs, d)
	}
	if f == formatJSON {
		links := selfAndAlternate(s.ogcURL(c, routeCols, formatJSON), s.ogcURL(c, routeCols, formatHTML), mediaJSON, f)
		return writeJSON(c, mediaJSON, collectionsDoc{Links: links, Collections: docs})
	}
	type row struct {
		ID, Title, Description, BBox, Href, ItemsHref, ViewerHref string
	}
	rows := make([]row, len(docs))
	for i, d := range docs {
		rows[i] = row{ID: d.ID, Title: d.Title, Description: d.Description, BBox: bboxText(d.bound()),
			Href: s.ogcURL(c, collectionPath(d.ID), formatHTML), ItemsHref: s.ogcURL(c, collectionPath(d.ID)+"/items", formatHTML),
			ViewerHref: s.viewerURL(c, d.ID)}
	}
	return s.renderHTML(c, pageCollections, htmlPage{
		Title: "Collections", Crumbs: s.crumbs(c, 1, "", ""), JSONType: mediaJSON,
		JSON: withJSON(s.ogcURL(c, routeCols, formatJSON)), Content: rows,
	})
}

// collection answers GET /ogc/collections/{collectionId}, or 404.
func (s *Server) collection(c echo.Context) error {
	id := c.Param(paramPathCol)
	col, ok := lookupCollection(id)
	if !ok {
		return notFound(nil, "collection %q does not exist", id)
	}
	f, err := checkOnlyF(c)
	if err != nil {
		return err
	}
	d, err := s.collectionDoc(c, col)
	if err != nil {
		return err
	}
	if f == formatJSON {
		return writeJSON(c, mediaJSON, d)
	}
	type prop struct {
		Name, Title string
		Type        data.PropertyType
		Queryable   bool
	}
	props := make([]prop, len(col.Properties))
	for i, p := range col.Properties {
		props[i] = prop{Name: p.Name, Title: p.Title, Type: p.Type, Queryable: slices.Contains(col.Queryables, p.Name)}
	}
	view := struct {
		ID, Title, Description, GeometryType, BBox, Temporal, Interval string
		ItemsHref, ItemsJSONHref, ViewerHref                           string
		Properties                                                     []prop
	}{
		ID: col.ID, Title: col.Title, Description: col.Description, GeometryType: col.GeometryType,
		BBox: bboxText(d.bound()), Temporal: col.Temporal, Interval: d.intervalText(),
		ItemsHref:     s.ogcURL(c, collectionPath(col.ID)+"/items", formatHTML),
		ItemsJSONHref: s.ogcURL(c, collectionPath(col.ID)+"/items", formatJSON),
		ViewerHref:    s.viewerURL(c, col.ID), Properties: props,
	}
	return s.renderHTML(c, pageCollection, htmlPage{
		Title: col.Title, Crumbs: s.crumbs(c, 2, "", ""), JSONType: mediaJSON,
		JSON: withJSON(s.ogcURL(c, collectionPath(col.ID), formatJSON)), Content: view,
	})
}

// collectionDoc describes col, its extent read from the store. Its links
// are those of the JSON representation, as in /collections.
func (s *Server) collectionDoc(c echo.Context, col data.Collection) (collectionDoc, error) {
	ext, err := s.extent(c.Request().Context(), col)
	if err != nil {
		return collectionDoc{}, err
	}
	path := collectionPath(col.ID)
	links := selfAndAlternate(s.ogcURL(c, path, formatJSON), s.ogcURL(c, path, formatHTML), mediaJSON, formatJSON)
	links = append(links,
		// GDAL reads the items URL from the link typed geo+json.
		link{Href: s.ogcURL(c, path+"/items", formatJSON), Rel: relItems, Type: mediaGeoJSON, Title: "Objets en GeoJSON"},
		link{Href: s.ogcURL(c, path+"/items", formatHTML), Rel: relItems, Type: mediaHTML, Title: "Objets en HTML"},
		link{Href: s.ogcURL(c, queryablesPath(col.ID), formatJSON), Rel: relQueryables, Type: mediaSchemaJSON, Title: "Propriétés filtrables"},
	)
	if _, stored := data.LookupCollection(col.ID); stored {
		links = append(links, link{Href: s.ogcURL(c, path+"/tiles", formatJSON), Rel: relTilesetsVec, Type: mediaJSON, Title: "Tuiles vectorielles"})
	}
	return collectionDoc{
		ID: col.ID, Title: col.Title, Description: col.Description, Links: links, Extent: ext,
		ItemType: "feature", CRS: crsURIs(), StorageCRS: data.StorageCRS.URI(),
	}, nil
}

// extent reads a collection's extent from the store (through the
// Server's extentCache): its box rounded
// outwards to 7 decimals (the precision of the coordinates served), and for
// a temporal collection the interval of its dates. An empty collection
// (zero bound, no interval) has no extent.
func (s *Server) extent(ctx context.Context, col data.Collection) (*extent, error) {
	v, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	b, iv, err := s.extents.get(ctx, s.source(col), v.N, col.ID)
	if err != nil {
		return nil, fmt.Errorf("extent of %s: %w", col.ID, err)
	}
	var e extent
	if b != (orb.Bound{}) {
		e.Spatial = &spatialExtent{CRS: crs84, BBox: [][4]float64{{
			roundDown7(b.Min[0]), roundDown7(b.Min[1]), roundUp7(b.Max[0]), roundUp7(b.Max[1]),
		}}}
	}
	if col.Temporal != "" && iv != nil {
		e.Temporal = &temporalExtent{TRS: trsGregorian, Interval: [][2]*string{{timeOrNil(iv.Start), timeOrNil(iv.End)}}}
	}
	if e.Spatial == nil && e.Temporal == nil {
		return nil, nil
	}
	return &e, nil
}

// roundDown7 and roundUp7 round a coordinate outwards to 1e-7 degree
// (about 1 cm). The 1e-3 slack absorbs the binary error of v*1e7, so that a
// value with 7 decimals already stays as it is.
func roundDown7(v float64) float64 { return math.Floor(v*1e7+1e-3) / 1e7 }
func roundUp7(v float64) float64   { return math.Ceil(v*1e7-1e-3) / 1e7 }

func timeOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// bound is the spatial extent of d, or nil.
func (d collectionDoc) bound() *orb.Bound {
	if d.Extent == nil || d.Extent.Spatial == nil {
		return nil
	}
	bb := d.Extent.Spatial.BBox[0]
	return &orb.Bound{Min: orb.Point{bb[0], bb[1]}, Max: orb.Point{bb[2], bb[3]}}
}

// intervalText is the temporal extent of d for people, or "".
func (d collectionDoc) intervalText() string {
	if d.Extent == nil || d.Extent.Temporal == nil {
		return ""
	}
	iv := d.Extent.Temporal.Interval[0]
	side := func(s *string) string {
		if s == nil {
			return "…"
		}
		return *s
	}
	return side(iv[0]) + " — " + side(iv[1])
}
