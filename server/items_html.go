package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// htmlFeature is what the HTML pages read of a Feature.
type htmlFeature struct {
	ID       json.RawMessage `json:"id"`
	Geometry *struct {
		Type string `json:"type"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

func decodeHTMLFeature(f []byte) (htmlFeature, error) {
	var feat htmlFeature
	dec := json.NewDecoder(bytes.NewReader(f))
	dec.UseNumber() // integers print as they are
	if err := dec.Decode(&feat); err != nil {
		return feat, fmt.Errorf("feature: %w", err)
	}
	return feat, nil
}

// idText is a feature id as text: a string's content, a number's digits.
func idText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// itemsHTML renders one page of col as a table, one row per feature and
// one column per property, with the same paging links as the GeoJSON
// page. The page is gathered before it is written: HTML is for browsing,
// where pages are small.
func (s *Server) itemsHTML(c echo.Context, col data.Collection, p itemsParams) error {
	type row struct {
		ID, Href string
		Cells    []string
	}
	var rows []row
	pg, err := s.page(c.Request().Context(), col, p, func(f []byte) error {
		feat, err := decodeHTMLFeature(f)
		if err != nil {
			return err
		}
		id := idText(feat.ID)
		columns := selectedProperties(col, p.Properties)
		cells := make([]string, len(columns))
		for i, prop := range columns {
			cells[i] = cellText(feat.Properties[prop.Name])
		}
		rows = append(rows, row{ID: id, Href: s.itemURL(c, col.ID, id, formatHTML), Cells: cells})
		return nil
	})
	if err != nil {
		return err
	}
	view := struct {
		Title, Matched, NextHref, PrevHref, ViewerHref string
		Returned                                       int
		Columns                                        []data.Property
		Rows                                           []row
	}{Title: col.Title, Returned: pg.returned, Columns: selectedProperties(col, p.Properties), Rows: rows, ViewerHref: s.viewerURL(c, col.ID)}
	if pg.matched != nil {
		view.Matched = strconv.FormatInt(*pg.matched, 10)
	}
	var jsonHref string
	for _, l := range s.pageLinks(c, col, p, pg, formatHTML) {
		switch l.Rel {
		case relNext:
			view.NextHref = l.Href
		case relPrev:
			view.PrevHref = l.Href
		case relAlternate:
			jsonHref = l.Href
		}
	}
	return s.renderHTML(c, pageItems, htmlPage{
		Title: "Objets : " + col.Title, Crumbs: s.crumbs(c, 3, col.ID, col.Title), JSON: jsonHref, JSONType: mediaGeoJSON, Content: view,
	})
}

// itemHTML renders one feature's properties.
func (s *Server) itemHTML(c echo.Context, col data.Collection, fid string, f []byte) error {
	feat, err := decodeHTMLFeature(f)
	if err != nil {
		return fmt.Errorf("item %s/%s: %w", col.ID, fid, err)
	}
	type row struct{ Name, Title, Value string }
	rows := make([]row, len(col.Properties))
	for i, p := range col.Properties {
		rows[i] = row{Name: p.Name, Title: p.Title, Value: cellText(feat.Properties[p.Name])}
	}
	geom := "aucune"
	if feat.Geometry != nil {
		geom = feat.Geometry.Type
	}
	title := fid
	if name, ok := feat.Properties["name"].(string); ok && name != "" {
		title = name
	}
	view := struct {
		Title, ID, CollectionTitle, CollectionHref, GeometryType, ViewerHref string
		Rows                                                                 []row
	}{
		Title: title, ID: fid, CollectionTitle: col.Title, CollectionHref: s.ogcURL(c, collectionPath(col.ID), formatHTML),
		GeometryType: geom, ViewerHref: s.viewerURL(c, col.ID), Rows: rows,
	}
	return s.renderHTML(c, pageItem, htmlPage{
		Title: title, Crumbs: s.crumbs(c, 3, col.ID, col.Title), JSONType: mediaGeoJSON,
		JSON: withJSON(s.itemURL(c, col.ID, fid, formatJSON)), Content: view,
	})
}
