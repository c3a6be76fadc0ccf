package server

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/maillage/maillage/data"
)

// The OpenAPI 3.0 document is generated on each request from catalog()
// and from the same lists the handlers check parameters against
// (itemsParamNames, itemParamNames, checkOnlyF), never written out by hand: a collection, a
// queryable or a parameter added to those appears here by construction.
// Paths are concrete per collection (/collections/actors/items, not
// /collections/{collectionId}/items) because each collection has its own
// queryables, and GDAL pushes a -where clause to the server only for query
// parameters declared on that collection's own items path.

// openAPIVersion is the version of the API the document describes (its
// info.version), not of the server binary.
const openAPIVersion = "1.0.0"

// schema is a JSON Schema object as OpenAPI 3.0 spells it.
type schema = map[string]any

type oaDoc struct {
	OpenAPI    string                 `json:"openapi"`
	Info       oaInfo                 `json:"info"`
	Servers    []oaServer             `json:"servers"`
	Tags       []oaTag                `json:"tags"`
	Paths      map[string]*oaPathItem `json:"paths"`
	Components oaComponents           `json:"components"`
}

type oaInfo struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Version     string `json:"version"`
}

type oaServer struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

type oaTag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// oaPathItem has GET everywhere and, on the writable collections' items,
// the writes. Servers overrides the document's for the paths outside /ogc.
type oaPathItem struct {
	Servers []oaServer   `json:"servers,omitempty"`
	Get     *oaOperation `json:"get,omitempty"`
	Post    *oaOperation `json:"post,omitempty"`
	Put     *oaOperation `json:"put,omitempty"`
	Patch   *oaOperation `json:"patch,omitempty"`
	Delete  *oaOperation `json:"delete,omitempty"`
}

// oaMethodOp is one operation of a path item with its method.
type oaMethodOp struct {
	method string
	*oaOperation
}

// operations lists a path item's operations with their methods, GET
// first.
func (p *oaPathItem) operations() []oaMethodOp {
	var out []oaMethodOp
	for _, m := range []oaMethodOp{{"GET", p.Get}, {"POST", p.Post}, {"PUT", p.Put}, {"PATCH", p.Patch}, {"DELETE", p.Delete}} {
		if m.oaOperation != nil {
			out = append(out, m)
		}
	}
	return out
}

type oaOperation struct {
	Tags        []string              `json:"tags"`
	Summary     string                `json:"summary"`
	Description string                `json:"description,omitempty"`
	OperationID string                `json:"operationId"`
	Parameters  []oaParam             `json:"parameters,omitempty"`
	RequestBody *oaRequestBody        `json:"requestBody,omitempty"`
	Responses   map[string]oaResponse `json:"responses"`
	Security    []map[string][]string `json:"security,omitempty"`
}

type oaRequestBody struct {
	Description string             `json:"description,omitempty"`
	Required    bool               `json:"required"`
	Content     map[string]oaMedia `json:"content"`
}

// oaParam is a parameter, or a $ref to one of components.parameters.
type oaParam struct {
	Ref         string `json:"$ref,omitempty"`
	Name        string `json:"name,omitempty"`
	In          string `json:"in,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
	Style       string `json:"style,omitempty"`
	Explode     *bool  `json:"explode,omitempty"`
	Schema      schema `json:"schema,omitempty"`
}

// oaResponse is a response, or a $ref to one of components.responses.
type oaResponse struct {
	Ref         string              `json:"$ref,omitempty"`
	Description string              `json:"description,omitempty"`
	Headers     map[string]oaHeader `json:"headers,omitempty"`
	Content     map[string]oaMedia  `json:"content,omitempty"`
}

type oaHeader struct {
	Description string `json:"description"`
	Schema      schema `json:"schema"`
}

type oaMedia struct {
	Schema schema `json:"schema"`
}

type oaComponents struct {
	Parameters      map[string]oaParam    `json:"parameters"`
	Responses       map[string]oaResponse `json:"responses"`
	Schemas         map[string]schema     `json:"schemas"`
	SecuritySchemes map[string]schema     `json:"securitySchemes,omitempty"`
}

// Tags grouping the operations.
const (
	tagService = "Service"
	tagData    = "Données"
	tagOps     = "Exploitation"
)

// openAPIDoc builds the document for a server reached at base (absolute,
// no trailing slash). It fails only when a parameter the items handler
// accepts has no definition, a programming mistake the tests catch.
func openAPIDoc(base string) (oaDoc, error) {
	doc := oaDoc{
		OpenAPI: "3.0.3",
		Info:    oaInfo{Title: serviceTitle, Description: serviceDescription, Version: openAPIVersion},
		Servers: []oaServer{{URL: base + pathOGC, Description: "OGC API – Features"}},
		Tags: []oaTag{
			{tagService, "Page d'accueil, conformité et définition de l'API"},
			{tagData, "Collections et leurs objets"},
			{tagOps, "Sondes et métriques, hors OGC API"},
		},
		Paths:      map[string]*oaPathItem{},
		Components: components(),
	}
	maps.Copy(doc.Components.Parameters, crsParameters())
	addFilterComponents(doc.Components)
	fOnly := []oaParam{refParam(paramF)}
	// get is a GET operation answering 200 with the named response (set
	// by the caller when ok is ""), 400 or 500.
	get := func(tag, summary, id string, params []oaParam, ok string) *oaPathItem {
		res := map[string]oaResponse{"400": refResponse("InvalidParameter"), "500": refResponse("ServerError")}
		if ok != "" {
			res["200"] = refResponse(ok)
		}
		return &oaPathItem{Get: &oaOperation{Tags: []string{tag}, Summary: summary, OperationID: id, Parameters: params, Responses: res}}
	}
	doc.Paths["/"] = get(tagService, "Page d'accueil", "getLandingPage", fOnly, "LandingPage")
	doc.Paths[routeConform] = get(tagService, "Classes de conformité", "getConformanceDeclaration", fOnly, "ConformanceDeclaration")
	doc.Paths[routeAPI] = get(tagService, "Ce document (f=html : sa version lisible)", "getAPIDefinition", fOnly, "APIDefinition")
	doc.Paths[routeCols] = get(tagData, "Liste des collections", "getCollections", fOnly, "Collections")

	for _, col := range catalog() {
		path := collectionPath(col.ID)
		described := get(tagData, "Description de la collection « "+col.Title+" »", "describeCollection_"+col.ID, fOnly, "Collection")
		doc.Paths[path] = described

		params := make([]oaParam, 0, len(col.Queryables)+6)
		for _, name := range itemsParamNames(col) {
			p, err := itemsParam(doc.Components, col, name)
			if err != nil {
				return oaDoc{}, err
			}
			params = append(params, p)
		}
		items := get(tagData, "Objets de la collection « "+col.Title+" »", "getFeatures_"+col.ID, params, "")
		items.Get.Description = "Une page d'objets, triés par identifiant (ou selon sortby). Suivre le lien next (il porte un curseur) jusqu'à son absence. " +
			"Chaque propriété filtrable est un paramètre d'égalité ; plusieurs se combinent (ET), et avec filter (CQL2)."
		items.Get.Responses["200"] = featuresResponse(col.ID+"FeatureCollection", "La page d'objets")
		doc.Paths[path+"/items"] = items

		fid := oaParam{Name: paramPathFID, In: "path", Required: true, Description: "Identifiant de l'objet", Schema: idSchema(col)}
		itemParams := []oaParam{fid}
		for _, name := range itemParamNames() {
			itemParams = append(itemParams, refParam(name))
		}
		item := get(tagData, "Un objet de la collection « "+col.Title+" »", "getFeature_"+col.ID, itemParams, "")
		item.Get.Responses["200"] = featuresResponse(col.ID+"Feature", "L'objet")
		item.Get.Responses["404"] = refResponse("NotFound")
		doc.Paths[path+"/items/{"+paramPathFID+"}"] = item
		qs := get(tagData, "Propriétés filtrables de « "+col.Title+" » (JSON Schema)", "getQueryables_"+col.ID, fOnly, "Queryables")
		qs.Get.Responses["404"] = refResponse("NotFound")
		doc.Paths[path+"/queryables"] = qs
		described.Get.Responses["404"] = refResponse("NotFound")
		items.Get.Responses["404"] = refResponse("NotFound")

		doc.Components.Schemas[col.ID+"Feature"] = featureSchema(col)
		doc.Components.Schemas[col.ID+"FeatureCollection"] = featureCollectionSchema(col.ID + "Feature")
	}

	// The probes live outside /ogc: their path items override the server.
	root := []oaServer{{URL: base}}
	plain := func(summary, id, media string, codes ...string) *oaPathItem {
		op := &oaOperation{Tags: []string{tagOps}, Summary: summary, OperationID: id, Responses: map[string]oaResponse{}}
		for _, code := range codes {
			op.Responses[code] = oaResponse{Description: summary, Content: map[string]oaMedia{media: {Schema: schema{}}}}
		}
		return &oaPathItem{Servers: root, Get: op}
	}
	doc.Paths[pathHealthz] = plain("Le processus répond", "healthz", mediaJSON, "200")
	doc.Paths[pathReadyz] = plain("Le stockage répond et les caches des analyses sont remplis (503 sinon)", "readyz", mediaJSON, "200", "503")
	doc.Paths[pathMetrics] = plain("Métriques Prometheus", "metrics", "text/plain", "200")
	addIndicatorPaths(doc, root)
	addStatsPath(doc, root)
	addGapsPath(doc, root)
	addMatchesPath(doc, root)
	addTerritorySearchPath(doc, root)
	addActorClustersPath(doc, root)
	addVocabularyPath(doc, root)
	addPortraitPaths(doc, root)
	addTimelinePath(doc, root)
	addSimilarPaths(doc, root)
	addPartnersPath(doc, root)
	if err := addFlowsPath(doc, root); err != nil {
		return oaDoc{}, err
	}
	if err := addTilesPaths(doc); err != nil {
		return oaDoc{}, err
	}
	addWritePaths(doc)
	addHistoryPaths(doc, root)
	addImportsPath(doc, root)
	return doc, nil
}

// itemsParam defines one parameter of col's items path: a $ref to a shared
// definition, or, for a queryable, its own. Queryables are form-style and
// unexploded with a scalar type: what QGIS takes for a simple queryable.
func itemsParam(comp oaComponents, col data.Collection, name string) (oaParam, error) {
	if _, shared := comp.Parameters[name]; shared {
		return refParam(name), nil
	}
	if p, ok := touchParam(col, name); ok {
		return p, nil
	}
	prop, ok := col.Property(name)
	if !ok || !slices.Contains(col.Queryables, name) {
		return oaParam{}, fmt.Errorf("openapi: collection %s accepts parameter %q, which has no definition", col.ID, name)
	}
	no := false
	return oaParam{
		Name: name, In: "query", Style: "form", Explode: &no,
		Description: prop.Title + " : ne garder que les objets dont la propriété " + name + " vaut cette valeur.",
		Schema:      propertySchema(prop.Type),
	}, nil
}

// analysisDatetimeParam is datetime where it defaults to today (today.go):
// the flows and the partnership tiles.
func analysisDatetimeParam() oaParam {
	no := false
	return oaParam{Name: paramDatetime, In: "query", Style: "form", Explode: &no,
		Description: "Date (2019-03-01, le jour entier), date-heure RFC 3339 ou intervalle début/fin dont un côté peut être ouvert (..) : " +
			"ne compter que les partenariats actifs à un moment de cet intervalle. Par défaut, ceux d'aujourd'hui (date UTC) ; " +
			"../.. : tous les partenariats enregistrés.",
		Schema: schema{"type": "string"}}
}

func refParam(name string) oaParam { return oaParam{Ref: "#/components/parameters/" + name} }

// refResponse refers to components.responses.
func refResponse(name string) oaResponse { return oaResponse{Ref: "#/components/responses/" + name} }

func idSchema(col data.Collection) schema {
	if col.IDType == data.TypeInteger {
		return schema{"type": "integer", "format": "int64"}
	}
	return schema{"type": "string"}
}

// featuresResponse is a 200 answering GeoJSON (the named schema) or HTML.
func featuresResponse(schemaName, description string) oaResponse {
	return oaResponse{
		Description: description,
		Headers: map[string]oaHeader{headerContentCrs: {
			Description: "Système de coordonnées des géométries, entre chevrons", Schema: schema{"type": "string"},
		}},
		Content: map[string]oaMedia{
			mediaGeoJSON: {Schema: schema{"$ref": "#/components/schemas/" + schemaName}},
			mediaHTML:    {Schema: schema{"type": "string"}},
		},
	}
}

// sortedPaths returns the document's paths in order, for the HTML page.
func (d oaDoc) sortedPaths() []string {
	return slices.Sorted(maps.Keys(d.Paths))
}

// resolveParam follows a parameter's $ref within the document.
func (d oaDoc) resolveParam(p oaParam) oaParam {
	if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
		return d.Components.Parameters[name]
	}
	return p
}
