package server

import (
	"github.com/labstack/echo/v4"
)

// Title and description of the service, on the landing page and in the
// OpenAPI document.
const (
	serviceTitle       = "Maillage"
	serviceDescription = "Acteurs des territoires français, partenariats qui les relient, alliances territoriales et territoires (régions, départements, EPCI, communes), servis en OGC API – Features."
)

// landingPage is the OGC API landing page document.
type landingPage struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Links       []link `json:"links"`
}

// landing answers GET /ogc and /ogc/: the service's title and the links
// clients start from. QGIS needs rel "data" spelled exactly so (the OGC URI
// form alone leaves the layer invalid), a service-desc it can fetch, and
// absolute hrefs throughout; GDAL finds the OpenAPI document through
// service-desc, matching its type exactly.
func (s *Server) landing(c echo.Context) error {
	f, err := checkOnlyF(c)
	if err != nil {
		return err
	}
	links := selfAndAlternate(s.ogcURL(c, routeLanding, formatJSON), s.ogcURL(c, routeLanding, formatHTML), mediaJSON, f)
	links = append(links,
		link{Href: s.ogcURL(c, routeAPI, formatJSON), Rel: relServiceDesc, Type: mediaOpenAPI, Title: "Définition de l'API (OpenAPI 3.0)"},
		link{Href: s.ogcURL(c, routeAPI, formatHTML), Rel: relServiceDoc, Type: mediaHTML, Title: "Documentation de l'API"},
		link{Href: s.ogcURL(c, routeConform, formatJSON), Rel: relConformance, Type: mediaJSON, Title: "Classes de conformité"},
		link{Href: s.ogcURL(c, routeConform, formatJSON), Rel: relConfURI, Type: mediaJSON, Title: "Classes de conformité"},
		link{Href: s.ogcURL(c, routeCols, formatJSON), Rel: relData, Type: mediaJSON, Title: "Collections"},
		link{Href: s.ogcURL(c, routeCols, formatJSON), Rel: relDataURI, Type: mediaJSON, Title: "Collections"},
		link{Href: s.ogcURL(c, routeTilesets, formatJSON), Rel: relTilesetsVec, Type: mediaJSON, Title: "Tuiles vectorielles de toutes les couches"},
		link{Href: s.ogcURL(c, routeTileMatrixSets, formatJSON), Rel: relTilingSchemes, Type: mediaJSON, Title: "Grilles de tuilage"},
	)
	doc := landingPage{Title: serviceTitle, Description: serviceDescription, Links: links}
	if f == formatJSON {
		return writeJSON(c, mediaJSON, doc)
	}
	// The page lists each destination once, in HTML where it has HTML.
	view := landingPage{Title: serviceTitle, Description: serviceDescription, Links: []link{
		{Href: s.ogcURL(c, routeCols, formatHTML), Type: mediaHTML, Title: "Collections"},
		{Href: s.ogcURL(c, routeConform, formatHTML), Type: mediaHTML, Title: "Classes de conformité"},
		{Href: s.ogcURL(c, routeAPI, formatHTML), Type: mediaHTML, Title: "Documentation de l'API"},
		{Href: s.ogcURL(c, routeAPI, formatJSON), Type: mediaOpenAPI, Title: "Définition de l'API (OpenAPI 3.0)"},
	}}
	return s.renderHTML(c, pageLanding, htmlPage{
		Title: serviceTitle, JSON: withJSON(s.ogcURL(c, routeLanding, formatJSON)), JSONType: mediaJSON, Content: view,
	})
}
