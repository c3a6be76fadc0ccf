package server

import (
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// addGapsPath declares GET /api/gaps (gaps.go) with every parameter of
// gapsParamNames.
func addGapsPath(doc oaDoc, root []oaServer) {
	domains := append(stringsOf(geo.Domains), string(geo.DomainAll))
	var params []oaParam
	for _, name := range gapsParamNames() {
		p := oaParam{Name: name, In: "query"}
		switch name {
		case paramLevel:
			p.Required = true
			p.Description = "Niveau des territoires classés."
			p.Schema = levelSchema()
		case paramGapsDomain:
			p.Description = "Domaine de partenariat ; all (défaut) : tous les domaines appelés par un indicateur, à poids égaux."
			p.Schema = schema{"type": "string", "enum": domains, "default": string(geo.DomainAll)}
		case paramGapsWithin:
			p.Description = "Ne garder que les territoires situés dans ce territoire plus large (code INSEE, SIREN pour un EPCI). " +
				"Les rangs centiles restent nationaux."
			p.Schema = schema{"type": "string", "pattern": fmt.Sprintf("^[0-9A-Za-z]{1,%d}$", maxCodeLen)}
		case paramGapsWithinLevel:
			p.Description = "Niveau de within, quand son code en désigne plusieurs (84 : région ou département)."
			p.Schema = schema{"type": "string", "enum": levelNames(geo.Levels[:3])}
		case paramDatetime:
			p.Description = "Ne compter que les partenariats actifs à un moment de cet instant ou intervalle (2019-03-01, " +
				"2019-01-01/2019-12-31, 2015-01-01/..) : le maillage d'alors, face aux indicateurs d'aujourd'hui. " +
				"Par défaut, ceux d'aujourd'hui (date UTC) ; ../.. : tous les partenariats enregistrés."
			p.Schema = schema{"type": "string"}
		case paramGapsView:
			p.Description = "ranking (défaut) : le classement détaillé ; classes : {code: classe bivariée} pour la carte."
			p.Schema = schema{"type": "string", "enum": []string{gapsViewRanking, gapsViewClasses}, "default": gapsViewRanking}
		case paramGapsLimit:
			p.Description = "Ne garder que les N premiers du classement."
			p.Schema = schema{"type": "integer", "minimum": 1, "maximum": data.MaxLimit}
		case paramF:
			p.Description = "Représentation, à la place de l'en-tête Accept : json (défaut) ou csv (une ligne par territoire)."
			p.Schema = schema{"type": "string", "enum": []string{fJSON, fCSV}, "default": fJSON}
		default:
			panic(fmt.Sprintf("openapi: /api/gaps parameter %q has no definition", name))
		}
		params = append(params, p)
	}
	num, str, integer := schema{"type": "number"}, schema{"type": "string"}, schema{"type": "integer"}
	row := schema{"type": "object", "properties": schema{
		"rank": integer, "code": str, "name": str, "population": num, "partnerships": integer,
		"coverage":      schema{"type": "number", "description": "Partenariats du domaine touchant le territoire pour 10 000 habitants"},
		"coverage_rank": num, "fragility": num,
		"gap":             schema{"type": "number", "minimum": -1, "maximum": 1},
		"fragility_class": integer, "coverage_class": integer, "class": str,
		"indicators": schema{"type": "array", "items": schema{"type": "object", "properties": schema{
			"id": str, "value": num, "percentile": num, "fragility": num}}},
		"domains": schema{"type": "array", "items": schema{"type": "object"}},
		"reasons": schema{"type": "array", "items": str},
	}}
	body := schema{"type": "object", "properties": schema{
		"level": str, "domain": str, "domains": schema{"type": "array", "items": str},
		"within":     schema{"type": "object", "nullable": true},
		"definition": str, "indicators": schema{"type": "array", "items": schema{"type": "object"}},
		"colors": schema{"type": "object", "additionalProperties": str}, "rated": integer,
		"unrated":     schema{"type": "array", "items": schema{"type": "object"}},
		"territories": schema{"type": "array", "items": row},
		"classes":     schema{"type": "object", "additionalProperties": str},
	}}
	doc.Paths[pathGaps] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Écarts de partenariat : territoires fragiles et peu couverts", OperationID: "getGaps",
		Description: gapDefinition + " f=csv : le classement en CSV ; view=classes : les classes bivariées par code.",
		Parameters:  params,
		Responses: map[string]oaResponse{
			"200": {Description: "Le classement", Content: map[string]oaMedia{
				mediaJSON:  {Schema: body},
				"text/csv": {Schema: schema{"type": "string"}},
			}},
			"400": refResponse("InvalidParameter"),
			"500": refResponse("ServerError"),
		},
	}}
}

// stringsOf writes string-like values (levels, domains) as strings.
func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
