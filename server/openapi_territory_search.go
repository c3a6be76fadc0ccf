package server

import "fmt"

// addTerritorySearchPath declares GET /api/territories
// (territory_search.go) with every parameter of
// territorySearchParamNames.
func addTerritorySearchPath(doc oaDoc, root []oaServer) {
	var params []oaParam
	for _, name := range territorySearchParamNames() {
		p := oaParam{Name: name, In: "query"}
		switch name {
		case paramTerritorySearchQ:
			p.Required = true
			p.Description = "Nom du territoire, ou son début, ou le début d'un de ses mots, sans égard à la casse, aux accents, " +
				"aux traits d'union, apostrophes et espaces (« saint etienne » trouve Saint-Étienne) ; " +
				"des chiffres (ou 2A, 2B) cherchent aussi un code (INSEE, SIREN pour un EPCI) commençant ainsi."
			p.Schema = schema{"type": "string", "minLength": 1, "maxLength": maxTerritorySearchRunes}
		case paramLevel:
			p.Description = "Ne chercher que les territoires de ce niveau (tous par défaut)."
			p.Schema = levelSchema()
		case paramTerritorySearchLimit:
			p.Description = "Nombre maximal de territoires."
			p.Schema = schema{"type": "integer", "minimum": 1, "maximum": maxTerritorySearch, "default": defaultTerritorySearch}
		default:
			panic(fmt.Sprintf("openapi: /api/territories parameter %q has no definition", name))
		}
		params = append(params, p)
	}
	str, nullableStr := schema{"type": "string"}, schema{"type": "string", "nullable": true}
	territory := schema{"type": "object",
		"required": []string{"level", "code", "name", "departement", "region", "population", "bbox"},
		"properties": schema{
			"level": levelSchema(), "code": str, "name": str,
			"departement": nullableStr, "region": nullableStr,
			"population": schema{"type": "integer"},
			"bbox": schema{"type": "array", "items": schema{"type": "number"}, "minItems": 4, "maxItems": 4,
				"description": "Emprise [ouest, sud, est, nord] en EPSG:4326 (longitude, latitude) ; un point pour un territoire sans contour"},
		}}
	body := schema{"type": "object", "required": []string{"q", "territories"}, "properties": schema{
		"q": str, "territories": schema{"type": "array", "items": territory},
	}}
	doc.Paths[pathTerritorySearch] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Recherche de territoires par nom ou par code", OperationID: "searchTerritories",
		Description: "Pour le champ de recherche de la carte. Le nom entier d'abord, puis un nom commençant par q, puis un nom dont un mot " +
			"commence par q ; un code égal à q passe devant tout, un code commençant par q compte comme un nom qui commence par q. " +
			"À égalité : le niveau le plus large (région, département, EPCI, commune), puis la population la plus grande, puis le code. " +
			"Aucun résultat : une liste vide.",
		Parameters: params,
		Responses: map[string]oaResponse{
			"200": {Description: "Les territoires trouvés, les meilleurs d'abord", Content: map[string]oaMedia{mediaJSON: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"500": refResponse("ServerError"),
		},
	}}
}
