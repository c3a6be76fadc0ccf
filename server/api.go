package server

import (
	"fmt"

	"github.com/labstack/echo/v4"
)

// api answers GET /ogc/api: the OpenAPI 3.0 document (the landing page's
// service-desc), or with f=html or a browser's Accept a readable list of
// its paths and parameters (the service-doc).
func (s *Server) api(c echo.Context) error {
	f, err := checkOnlyF(c)
	if err != nil {
		return err
	}
	doc, err := openAPIDoc(s.baseURL(c))
	if err != nil {
		return fmt.Errorf("api: %w", err)
	}
	if f == formatJSON {
		return writeJSON(c, mediaOpenAPI, doc)
	}
	type param struct{ Name, In, Type, Description string }
	type path struct {
		Method, Path, Summary string
		Params                []param
	}
	var paths []path
	for _, key := range doc.sortedPaths() {
		item := doc.Paths[key]
		full := pathOGC + key
		if len(item.Servers) > 0 {
			full = key // outside /ogc
		}
		for _, op := range item.operations() {
			pv := path{Method: op.method, Path: full, Summary: op.Summary}
			for _, p := range op.Parameters {
				p = doc.resolveParam(p)
				typ, _ := p.Schema["type"].(string)
				pv.Params = append(pv.Params, param{Name: p.Name, In: p.In, Type: typ, Description: p.Description})
			}
			paths = append(paths, pv)
		}
	}
	view := struct {
		Title, Description, DocHref string
		Paths                       []path
	}{Title: "Documentation de l'API", Description: serviceDescription, DocHref: withJSON(s.ogcURL(c, routeAPI, formatJSON)), Paths: paths}
	return s.renderHTML(c, pageAPI, htmlPage{
		Title: view.Title, Crumbs: s.crumbs(c, 1, "", ""), JSONType: mediaOpenAPI,
		JSON: withJSON(s.ogcURL(c, routeAPI, formatJSON)), Content: view,
	})
}
