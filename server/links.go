package server

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// link is a Web link as OGC API documents carry them. Href is always
// absolute: QGIS stops after the first page on a relative next link.
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

// itemsURL is the absolute URL of one page of a collection's items. Commas
// in bbox are left unescaped, as clients write them; the numbers are the
// shortest decimal that reads back to the same float.
func (s *Server) itemsURL(c echo.Context, collection string, p itemsParams) string {
	var b strings.Builder
	b.WriteString(s.baseURL(c))
	b.WriteString(pathOGC + "/collections/")
	b.WriteString(url.PathEscape(collection))
	b.WriteString("/items?")
	if p.BBox != nil {
		b.WriteString(paramBBox + "=")
		for i, v := range []float64{p.BBox.Min[0], p.BBox.Min[1], p.BBox.Max[0], p.BBox.Max[1]} {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		}
		b.WriteByte('&')
	}
	b.WriteString(paramLimit + "=" + strconv.Itoa(p.Limit))
	if p.Offset > 0 {
		b.WriteString("&" + paramOffset + "=" + strconv.Itoa(p.Offset))
	}
	return b.String()
}

// itemURL is the absolute URL of one feature.
func (s *Server) itemURL(c echo.Context, collection, id string) string {
	return s.baseURL(c) + pathOGC + "/collections/" + url.PathEscape(collection) + "/items/" + url.PathEscape(id)
}
