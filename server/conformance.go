package server

import (
	"github.com/labstack/echo/v4"
)

// conformanceClasses lists what the server implements today; a class goes
// in only when its requirements hold.
func conformanceClasses() []string {
	classes := append([]string{confCore, confGeoJSON, confHTML, confOAS30, confCRS}, filterConformance()...)
	return append(classes, confTilesCore, confTileset, confTilesetsList, confGeodataTilesets, confDatasetTilesets,
		confCollectionsSel, confTilesMVT, confTilesOAS30)
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
		return writeJSON(c, mediaJSON, confClasses{ConformsTo: conformanceClasses(), Links: links})
	}
	return s.renderHTML(c, pageConformance, htmlPage{
		Title: "Conformité", Crumbs: s.crumbs(c, 1, "", ""), JSONType: mediaJSON,
		JSON: withJSON(s.ogcURL(c, routeConform, formatJSON)), Content: conformanceClasses(),
	})
}
