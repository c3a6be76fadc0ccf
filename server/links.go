package server

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// link is a Web link as OGC API documents carry them. Href is always
// absolute: QGIS stops after the first page on a relative next link, and
// refuses a landing page with relative hrefs.
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// baseURL is the absolute URL the server root is reached at: cfg.BaseURL
// when set, otherwise the request's scheme (Echo reads X-Forwarded-Proto)
// and Host.
func (s *Server) baseURL(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	host := c.Request().Host
	if host == "" { // HTTP/1.0 without Host
		host = s.cfg.Addr
	}
	return c.Scheme() + "://" + host
}

// ogcURL is the absolute URL of a path under /ogc ("" for the landing
// page), with "?f=html" for the HTML representation. JSON links carry no f:
// JSON is what a request without f or Accept gets.
func (s *Server) ogcURL(c echo.Context, path string, f format) string {
	u := s.baseURL(c) + pathOGC + path
	if f == formatHTML {
		u += "?" + paramF + "=" + fHTML
	}
	return u
}

// collectionPath is the path of a collection under /ogc.
func collectionPath(id string) string {
	return "/collections/" + url.PathEscape(id)
}

// itemsURL is the absolute URL of one page of a collection's items, with
// the parameters of p in a fixed order. Commas in bbox and the colons and
// slashes of datetime and of CRS URIs are left unescaped, as clients write
// them; bbox numbers are the shortest decimal that reads back to the same
// float.
func (s *Server) itemsURL(c echo.Context, col data.Collection, p itemsParams, f format) string {
	var b strings.Builder
	b.WriteString(s.baseURL(c))
	b.WriteString(pathOGC + collectionPath(col.ID) + "/items?")
	writeCRSParams(&b, p) // bbox, bbox-crs and crs
	if p.Datetime != "" {
		b.WriteString(paramDatetime + "=" + queryEscape(p.Datetime) + "&")
	}
	writePart3Params(&b, p.part3Params)
	for _, e := range p.Equals {
		b.WriteString(url.QueryEscape(e.Name) + "=" + queryEscape(e.Value) + "&")
	}
	if p.Touches != nil {
		b.WriteString(string(p.Touches.Level) + "=" + queryEscape(p.Touches.Code) + "&")
	}
	b.WriteString(paramLimit + "=" + strconv.Itoa(p.Limit))
	if p.Offset > 0 {
		b.WriteString("&" + paramOffset + "=" + strconv.Itoa(p.Offset))
	}
	if p.Cursor != "" {
		b.WriteString("&" + paramCursor + "=" + p.Cursor) // base64url: nothing to escape
	}
	if f == formatHTML {
		b.WriteString("&" + paramF + "=" + fHTML)
	}
	return b.String()
}

// queryEscape escapes a query value, leaving the ',', ':' and '/' that
// RFC 3986 allows there readable.
func queryEscape(v string) string {
	e := url.QueryEscape(v)
	if !strings.Contains(e, "%") {
		return e
	}
	return strings.NewReplacer("%2C", ",", "%3A", ":", "%2F", "/").Replace(e)
}

// itemURL is the absolute URL of one feature.
func (s *Server) itemURL(c echo.Context, collection, id string, f format) string {
	return s.ogcURL(c, collectionPath(collection)+"/items/"+url.PathEscape(id), f)
}

// viewerURL is the map viewer's page showing a collection.
func (s *Server) viewerURL(c echo.Context, collection string) string {
	return s.baseURL(c) + pathViewer + "?" + paramViewerLayer + "=" + url.QueryEscape(collection)
}

// withJSON adds f=json to a JSON href, for links from HTML pages: a
// browser following the bare href would get HTML again.
func withJSON(href string) string {
	sep := "?"
	if strings.Contains(href, "?") {
		sep = "&"
	}
	return href + sep + paramF + "=" + fJSON
}

// selfAndAlternate are the self link of a resource in representation f
// and the alternate link to its other representation. jsonType is the
// resource's JSON media type.
func selfAndAlternate(jsonHref, htmlHref, jsonType string, f format) []link {
	if f == formatHTML {
		return []link{
			{Href: htmlHref, Rel: relSelf, Type: mediaHTML, Title: "Cette page"},
			{Href: withJSON(jsonHref), Rel: relAlternate, Type: jsonType, Title: "Cette page en JSON"},
		}
	}
	return []link{
		{Href: jsonHref, Rel: relSelf, Type: jsonType, Title: "Ce document"},
		{Href: htmlHref, Rel: relAlternate, Type: mediaHTML, Title: "Ce document en HTML"},
	}
}
