package server

import (
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// queryablesDoc is a collection's queryables as a JSON Schema (2020-12),
// as OGC API – Features Part 3 describes them: one member per property a
// filter, a sortby or an equality parameter may name, typed, with its
// French title; the geometry as a "geometry-…" format.
type queryablesDoc struct {
	Schema               string            `json:"$schema"`
	ID                   string            `json:"$id"`
	Type                 string            `json:"type"`
	Title                string            `json:"title"`
	Description          string            `json:"description"`
	Properties           map[string]schema `json:"properties"`
	AdditionalProperties bool              `json:"additionalProperties"`
}

// queryablesSchema describes col's queryables; id is the document's URL.
func queryablesSchema(col data.Collection, id string) queryablesDoc {
	props := map[string]schema{
		data.GeometryQueryable: {"title": "Géométrie", "format": "geometry-" + strings.ToLower(col.GeometryType)},
	}
	for _, name := range col.Queryables {
		if p, ok := col.Property(name); ok {
			props[name] = propertySchema(p.Type)
			props[name]["title"] = p.Title
		}
	}
	// A list is a CQL2 array (A_CONTAINS, A_OVERLAPS …), of strings.
	for _, name := range col.Lists {
		if p, ok := col.Property(name); ok {
			props[name] = schema{"type": "array", "items": schema{"type": "string"}, "title": p.Title}
		}
	}
	return queryablesDoc{
		Schema:      "https://json-schema.org/draft/2020-12/schema",
		ID:          id,
		Type:        "object",
		Title:       col.Title,
		Description: "Propriétés filtrables de la collection « " + col.Title + " » (filter en CQL2, sortby, paramètres d'égalité).",
		Properties:  props,
	}
}

// queryables answers GET /ogc/collections/{collectionId}/queryables, in
// JSON Schema only: f=html is refused with a 400 naming f.
func (s *Server) queryables(c echo.Context) error {
	id := c.Param(paramPathCol)
	col, ok := lookupCollection(id)
	if !ok {
		return notFound(nil, "collection %q does not exist", id)
	}
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := jsonOnly(q, "queryables are served as JSON Schema only"); err != nil {
		return err
	}
	return writeJSON(c, mediaSchemaJSON, queryablesSchema(col, s.ogcURL(c, queryablesPath(col.ID), formatJSON)))
}

// queryablesPath is the path of a collection's queryables under /ogc.
func queryablesPath(id string) string { return collectionPath(id) + "/queryables" }
