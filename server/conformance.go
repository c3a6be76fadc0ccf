package server

import (
	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// conformanceClasses lists what the server implements today; a class goes
// in only when its requirements hold. The writes of Part 4 hold on a
// store that writes (PostGIS), not on the embedded, read-only one.
func (s *Server) conformanceClasses() []string {
	classes := append([]string{confCore, confGeoJSON, confHTML, confOAS30, confCRS}, filterConformance()...)
	classes = append(classes, confTilesCore, confTileset, confTilesetsList, confGeodataTilesets, confDatasetTilesets,
		confCollectionsSel, confTilesMVT, confTilesOAS30)
	if _, ok := s.store.(data.Writer); ok {
		classes = append(classes, confWriteFeatures, confCreateReplace, confUpdate, confETags)
	}
	return classes
}

// confClasses is the conformance document.
type confClasses struct {
	ConformsTo []string `json:"conformsTo"`
	Links      []link   `json:"links,omitempty"`
}

// conformance answers GET /ogc/conformance.
func (s *Server) conformance(c echo.Context) error {
	f, err := checkOnlyF(c)
	if err != nil {
		return err
	}
	if f == formatJSON {
		links := selfAndAlternate(s.ogcURL(c, routeConform, formatJSON), s.ogcURL(c, routeConform, formatHTML), mediaJSON, f)
		return writeJSON(c, mediaJSON, confClasses{ConformsTo: s.conformanceClasses(), Links: links})
	}
	return s.renderHTML(c, pageConformance, htmlPage{
		Title: "Conformité", Crumbs: s.crumbs(c, 1, "", ""), JSONType: mediaJSON,
		JSON: withJSON(s.ogcURL(c, routeConform, formatJSON)), Content: s.conformanceClasses(),
	})
}
