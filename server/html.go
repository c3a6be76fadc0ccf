package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
)

// templatesFS holds the HTML pages: layout.html wraps each page's
// "content" template.
//
//go:embed templates/*.html
var templatesFS embed.FS

// Page names, one templates/NAME.html each.
const (
	pageLanding     = "landing"
	pageConformance = "conformance"
	pageCollections = "collections"
	pageCollection  = "collection"
	pageItems       = "items"
	pageItem        = "item"
	pageAPI         = "api"
)

// pages are the parsed HTML templates of one Server, read-only once New
// has built them.
type pages map[string]*template.Template

// parsePages parses every page with the layout. The templates are embedded
// in the binary, so a parse error is a programming mistake that every
// test's New would hit: it panics.
func parsePages() pages {
	p := pages{}
	for _, name := range []string{pageLanding, pageConformance, pageCollections, pageCollection, pageItems, pageItem, pageAPI} {
		p[name] = template.Must(template.ParseFS(templatesFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return p
}

// htmlPage is what the layout reads: the page title, the breadcrumb links
// above it, the JSON alternate and the page's own content.
type htmlPage struct {
	Title    string
	Crumbs   []link
	JSON     string
	JSONType string
	Content  any
}

// renderHTML writes a page. It renders into a buffer first, so that a
// template error is a clean 500 rather than half a page.
func (s *Server) renderHTML(c echo.Context, name string, p htmlPage) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("html: no page %q", name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		return fmt.Errorf("html: page %s: %w", name, err)
	}
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}

// crumbs are the breadcrumb links of HTML pages: the landing page, then
// the collections, then one collection, as deep as the page is.
func (s *Server) crumbs(c echo.Context, depth int, colID, colTitle string) []link {
	all := []link{
		{Href: s.ogcURL(c, routeLanding, formatHTML), Title: "Maillage"},
		{Href: s.ogcURL(c, routeCols, formatHTML), Title: "Collections"},
		{Href: s.ogcURL(c, collectionPath(colID), formatHTML), Title: colTitle},
	}
	return all[:min(depth, len(all))]
}

// bboxText writes a bound for people: "minx, miny — maxx, maxy".
func bboxText(b *orb.Bound) string {
	if b == nil {
		return "—"
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return f(b.Min[0]) + ", " + f(b.Min[1]) + " — " + f(b.Max[0]) + ", " + f(b.Max[1])
}

// cellText writes a property value decoded with UseNumber for a table
// cell: nothing for null, oui/non for booleans, numbers as written.
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "oui"
		}
		return "non"
	case json.Number:
		return v.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
