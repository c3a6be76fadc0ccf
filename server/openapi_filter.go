package server

import "github.com/maillage/maillage/geo/cql2"

// addFilterComponents declares the Part 3 parameters of the items paths
// (filter.go, sortby.go) and the queryables response.
func addFilterComponents(comp oaComponents) {
	no := false
	comp.Parameters[paramFilter] = oaParam{Name: paramFilter, In: "query",
		Description: "Filtre CQL2 (Basic CQL2, LIKE, IN, BETWEEN, S_INTERSECTS avec BBOX ou une géométrie en CRS84) " +
			"sur les propriétés filtrables (voir queryables), par exemple : kind = 'association' AND commune LIKE '69%'.",
		Schema: schema{"type": "string", "maxLength": maxFilterLen}}
	comp.Parameters[paramFilterLang] = oaParam{Name: paramFilterLang, In: "query",
		Description: "Langage du filtre : cql2-text (par défaut, géométries en WKT) ou cql2-json (géométries en GeoJSON).",
		Schema:      schema{"type": "string", "enum": []string{string(cql2.LangText), string(cql2.LangJSON)}, "default": string(cql2.LangText)}}
	comp.Parameters[paramFilterCRS] = oaParam{Name: paramFilterCRS, In: "query",
		Description: "Système de coordonnées des géométries du filtre : CRS84 seulement.",
		Schema:      schema{"type": "string", "enum": []string{crs84}, "default": crs84}}
	comp.Parameters[paramProperties] = oaParam{Name: paramProperties, In: "query", Style: "form", Explode: &no,
		Description: "Propriétés à garder, séparées par des virgules ; elles sont écrites dans l'ordre du catalogue.",
		Schema:      schema{"type": "array", "minItems": 1, "items": schema{"type": "string"}}}
	comp.Parameters[paramSortBy] = oaParam{Name: paramSortBy, In: "query", Style: "form", Explode: &no,
		Description: "Tri par propriétés filtrables, séparées par des virgules, chacune précédée de + (croissant, par défaut) ou - " +
			"(décroissant) ; valeurs nulles en dernier, puis identifiant. Les pages triées se suivent par offset (pas de curseur).",
		Schema: schema{"type": "array", "minItems": 1, "maxItems": maxSortKeys, "items": schema{"type": "string", "pattern": `^[+-]?[A-Za-z_][A-Za-z0-9_]*$`}}}
	comp.Responses["Queryables"] = oaResponse{Description: "Les propriétés filtrables, en JSON Schema",
		Content: map[string]oaMedia{mediaSchemaJSON: {Schema: schema{"type": "object"}}}}
}
