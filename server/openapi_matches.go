package server

import (
	"fmt"

	"github.com/maillage/maillage/geo"
)

// addMatchesPath declares GET /api/matches (matches.go) with every
// parameter of matchesParamNames.
func addMatchesPath(doc oaDoc, root []oaServer) {
	var params []oaParam
	for _, name := range matchesParamNames() {
		p := oaParam{Name: name, In: "query"}
		switch name {
		case paramMatchesTerritory:
			p.Required = true
			p.Description = "Code du territoire (INSEE, SIREN pour un EPCI) où sont situés les deux acteurs."
			p.Schema = schema{"type": "string", "pattern": fmt.Sprintf("^[0-9A-Za-z]{1,%d}$", maxCodeLen)}
		case paramLevel:
			p.Description = "Niveau du territoire, nécessaire quand son code en désigne plusieurs (84 : région ou département)."
			p.Schema = levelSchema()
		case paramMatchesDomain:
			p.Required = true
			p.Description = "Domaine du partenariat à construire."
			p.Schema = schema{"type": "string", "enum": stringsOf(geo.Domains)}
		case paramMatchesRadius:
			p.Description = "Distance maximale entre les deux acteurs, en km."
			p.Schema = schema{"type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": maxMatchesRadiusKm, "default": defaultMatchesRadiusKm}
		case paramMatchesLimit:
			p.Description = "Nombre maximal de suggestions."
			p.Schema = schema{"type": "integer", "minimum": 1, "maximum": maxMatchesLimit, "default": defaultMatchesLimit}
		default:
			panic(fmt.Sprintf("openapi: /api/matches parameter %q has no definition", name))
		}
		params = append(params, p)
	}
	num, str, integer := schema{"type": "number"}, schema{"type": "string"}, schema{"type": "integer"}
	suggestion := schema{"type": "object", "properties": schema{
		"company": integer, "company_name": str, "association": integer, "association_name": str,
		"distance_km": num, "score": num, "distance_score": num, "complementarity_score": num, "capacity_score": num,
		"reasons": schema{"type": "array", "items": str},
	}}
	body := schema{"type": "object", "properties": schema{
		"territory": schema{"type": "object", "properties": schema{"level": str, "code": str, "name": str}},
		"domain":    str, "domain_label": str, "radius_km": num,
		"fragility": schema{"type": "number", "nullable": true}, "companies": integer, "associations": integer,
		"scoring": str, "suggestions": schema{"type": "array", "items": suggestion},
	}}
	doc.Paths[pathMatches] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Mise en relation : partenariats à construire dans un territoire", OperationID: "getMatches",
		Description: "Paires d'une entreprise d'au moins 10 salariés et d'une association active dans le domaine, situées dans le territoire, " +
			"pas encore partenaires, classées par un score expliqué. " + matchesScoring,
		Parameters: params,
		Responses: map[string]oaResponse{
			"200": {Description: "Les suggestions", Content: map[string]oaMedia{mediaJSON: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"500": refResponse("ServerError"),
		},
	}}
}
