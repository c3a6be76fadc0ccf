package server

import (
	"math"

	"github.com/maillage/maillage/data"
)

// components are the shared parameters, responses and schemas of the
// OpenAPI document. Collection schemas are added by openAPIDoc.
//
// QGIS reads its page size only from components.parameters.limit.schema
// (maximum, default): the name "limit" and those members must stay.
func components() oaComponents {
	no := false
	return oaComponents{
		Parameters: map[string]oaParam{
			paramBBox: {Name: paramBBox, In: "query", Style: "form", Explode: &no,
				Description: "Ne garder que les objets qui touchent ce rectangle : minx,miny,maxx,maxy en longitude/latitude " +
					"(CRS84, ou dans le système de bbox-crs), ou 6 nombres avec les hauteurs (ignorées). min ≤ max sur chaque axe.",
				Schema: schema{"type": "array", "minItems": 4, "maxItems": 6, "items": schema{"type": "number"}}},
			paramLimit: {Name: paramLimit, In: "query",
				Description: "Nombre d'objets par page ; au-delà du maximum, le maximum.",
				Schema:      schema{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
			paramOffset: {Name: paramOffset, In: "query",
				Description: "Nombre d'objets à sauter. Préférer les liens next (curseur), dont le coût ne croît pas avec la page.",
				Schema:      schema{"type": "integer", "minimum": 0, "maximum": math.MaxInt32, "default": 0}},
			paramCursor: {Name: paramCursor, In: "query",
				Description: "Jeton opaque des liens next : la page commence après le dernier objet de la précédente. À recopier tel quel.",
				Schema:      schema{"type": "string"}},
			paramDatetime: {Name: paramDatetime, In: "query", Style: "form", Explode: &no,
				Description: "Date (2019-03-01, le jour entier), date-heure RFC 3339 ou intervalle début/fin dont un côté peut être ouvert (..) : " +
					"ne garder que les partenariats actifs à un moment de cet intervalle (commencés au plus tard à sa fin, non terminés avant son début).",
				Schema: schema{"type": "string"}},
			paramF: {Name: paramF, In: "query",
				Description: "Représentation, à la place de l'en-tête Accept : json (GeoJSON pour les objets), geojson ou html.",
				Schema:      schema{"type": "string", "enum": []string{fJSON, fGeoJSON, fHTML}}},
		},
		Responses: map[string]oaResponse{
			"LandingPage":            jsonOrHTML("Page d'accueil : liens vers l'API, la conformité et les collections", "landingPage", mediaJSON),
			"ConformanceDeclaration": jsonOrHTML("Classes de conformité d'OGC API – Features mises en œuvre", "confClasses", mediaJSON),
			"APIDefinition":          jsonOrHTML("Ce document OpenAPI", "", mediaOpenAPI),
			"Collections":            jsonOrHTML("Les collections", "collections", mediaJSON),
			"Collection":             jsonOrHTML("Une collection", "collectionInfo", mediaJSON),
			"InvalidParameter":       problemResponse("Paramètre refusé ; le membre parameter le nomme"),
			"NotFound":               problemResponse("Collection ou objet inconnu"),
			"ServerError":            problemResponse("Erreur du serveur ou du stockage (500, 503, 504)"),
		},
		SecuritySchemes: map[string]schema{},
		Schemas: map[string]schema{
			"link": {"type": "object", "required": []string{"href", "rel"}, "properties": schema{
				"href":  schema{"type": "string", "format": "uri"},
				"rel":   schema{"type": "string"},
				"type":  schema{"type": "string"},
				"title": schema{"type": "string"},
			}},
			"links": {"type": "array", "items": ref("link")},
			"landingPage": {"type": "object", "required": []string{"links"}, "properties": schema{
				"title": schema{"type": "string"}, "description": schema{"type": "string"}, "links": ref("links"),
			}},
			"confClasses": {"type": "object", "required": []string{"conformsTo"}, "properties": schema{
				"conformsTo": schema{"type": "array", "items": schema{"type": "string"}}, "links": ref("links"),
			}},
			"collections": {"type": "object", "required": []string{"links", "collections"}, "properties": schema{
				"links": ref("links"), "collections": schema{"type": "array", "items": ref("collectionInfo")},
			}},
			"collectionInfo": {"type": "object", "required": []string{"id", "links"}, "properties": schema{
				"id": schema{"type": "string"}, "title": schema{"type": "string"}, "description": schema{"type": "string"},
				"links": ref("links"), "extent": ref("extent"), "itemType": schema{"type": "string"},
				"crs": schema{"type": "array", "items": schema{"type": "string"}}, "storageCrs": schema{"type": "string"},
			}},
			"extent": {"type": "object", "properties": schema{
				"spatial": schema{"type": "object", "properties": schema{
					"bbox": schema{"type": "array", "minItems": 1, "items": schema{
						"type": "array", "minItems": 4, "maxItems": 6, "items": schema{"type": "number"}}},
					"crs": schema{"type": "string"},
				}},
				"temporal": schema{"type": "object", "properties": schema{
					"interval": schema{"type": "array", "minItems": 1, "items": schema{
						"type": "array", "minItems": 2, "maxItems": 2,
						"items": schema{"type": "string", "format": "date-time", "nullable": true}}},
					"trs": schema{"type": "string"},
				}},
			}},
			"geometry": {"type": "object", "nullable": true, "required": []string{"type"}, "properties": schema{
				"type": schema{"type": "string", "enum": []string{"Point", "MultiPoint", "LineString", "MultiLineString",
					"Polygon", "MultiPolygon", "GeometryCollection"}},
				"coordinates": schema{"type": "array", "items": schema{}},
			}},
			"problem": {"type": "object", "required": []string{"type", "title", "status"}, "properties": schema{
				"type": schema{"type": "string"}, "title": schema{"type": "string"}, "status": schema{"type": "integer"},
				"detail": schema{"type": "string"}, "instance": schema{"type": "string"},
				"parameter":  schema{"type": "string", "description": "Le paramètre refusé"},
				"request_id": schema{"type": "string", "description": "À citer en signalant une erreur"},
			}},
		},
	}
}

// propertySchema is the JSON Schema of a property type's values (a date:
// a string of format date).
func propertySchema(t data.PropertyType) schema {
	typ, format := t.Schema()
	s := schema{"type": typ}
	if format != "" {
		s["format"] = format
	}
	return s
}

// ref is a $ref to one of components.schemas.
func ref(name string) schema { return schema{"$ref": "#/components/schemas/" + name} }

// jsonOrHTML is a 200 in JSON of the named schema (any JSON when "") or
// HTML.
func jsonOrHTML(description, schemaName, jsonType string) oaResponse {
	js := schema{"type": "object"}
	if schemaName != "" {
		js = ref(schemaName)
	}
	return oaResponse{Description: description, Content: map[string]oaMedia{
		jsonType:  {Schema: js},
		mediaHTML: {Schema: schema{"type": "string"}},
	}}
}

func problemResponse(description string) oaResponse {
	return oaResponse{Description: description, Content: map[string]oaMedia{mediaProblem: {Schema: ref("problem")}}}
}

// featureSchema describes a Feature of col, its properties typed from the
// catalog; absent values are null.
func featureSchema(col data.Collection) schema {
	props := schema{}
	for _, p := range col.Properties {
		s := propertySchema(p.Type)
		s["title"], s["nullable"] = p.Title, true
		props[p.Name] = s
	}
	return schema{"type": "object", "required": []string{"type", "geometry", "properties"}, "properties": schema{
		"type":       schema{"type": "string", "enum": []string{"Feature"}},
		"id":         idSchema(col),
		"geometry":   ref("geometry"),
		"properties": schema{"type": "object", "properties": props},
		"links":      ref("links"),
	}}
}

// featureCollectionSchema describes a page of features of the named
// schema.
func featureCollectionSchema(feature string) schema {
	return schema{"type": "object", "required": []string{"type", "features"}, "properties": schema{
		"type":           schema{"type": "string", "enum": []string{"FeatureCollection"}},
		"features":       schema{"type": "array", "items": ref(feature)},
		"numberReturned": schema{"type": "integer", "minimum": 0},
		"numberMatched":  schema{"type": "integer", "minimum": 0},
		"timeStamp":      schema{"type": "string", "format": "date-time"},
		"links":          ref("links"),
	}}
}
