package server

import (
	"fmt"
	"maps"
)

// addStatsPath declares GET /api/stats (stats.go) with every parameter of
// statsParamNames. Its f is its own, not the shared one: this resource
// answers JSON or CSV, never HTML.
func addStatsPath(doc oaDoc, root []oaServer) {
	var params []oaParam
	for _, name := range statsParamNames() {
		p := oaParam{Name: name, In: "query"}
		switch name {
		case paramLevel:
			p.Description = "Niveau du territoire, avec territory (les codes se recouvrent : région 84, département 84). " +
				"Sans level ni territory : la France entière."
			p.Schema = levelSchema()
		case paramStatsTerritory:
			p.Description = "Code du territoire (INSEE, SIREN pour un EPCI), avec level ; les acteurs qui y sont situés forment le périmètre."
			p.Schema = schema{"type": "string", "pattern": fmt.Sprintf("^[0-9A-Za-z]{1,%d}$", maxCodeLen)}
		case paramDatetime:
			p.Description = "Ne compter que les partenariats actifs à un moment de cet instant ou intervalle (2019-03-01, " +
				"2019-01-01/2019-12-31) : un acteur est partenaire s'il a l'un d'eux. Par défaut, ceux d'aujourd'hui (date UTC), " +
				"tenus à jour dans les résumés ; toute autre date (../.. : tous les partenariats enregistrés) est calculée sur les lignes, plus lentement."
			p.Schema = schema{"type": "string"}
		case paramF:
			p.Description = "Représentation, à la place de l'en-tête Accept : json (défaut) ou csv (une ligne par chiffre)."
			p.Schema = schema{"type": "string", "enum": []string{fJSON, fCSV}, "default": fJSON}
		default:
			panic(fmt.Sprintf("openapi: /api/stats parameter %q has no definition", name))
		}
		params = append(params, p)
	}
	str, num := schema{"type": "string"}, schema{"type": "number"}
	nullable := func(s schema) schema {
		out := maps.Clone(s)
		out["nullable"] = true
		return out
	}
	figure := schema{"type": "object",
		"required": []string{"id", "label", "kind", "value", "numerator", "denominator", "reference", "unit", "tolerance", "within_tolerance"},
		"properties": schema{
			"id": str, "label": str,
			"kind":      schema{"type": "string", "enum": []string{"percent", "average", "count", "comparison"}},
			"value":     nullable(schema{"type": "number", "description": "null quand le groupe est vide (pas de donnée)"}),
			"numerator": num, "denominator": num,
			"reference": nullable(schema{"type": "number", "description": "Le chiffre du RAMEAU (2015), dans l'unité de value ; null pour une comparaison (l'énoncé est le libellé)"}),
			"unit":      str,
			"tolerance": nullable(num),
			"within_tolerance": nullable(schema{"type": "boolean",
				"description": "|value − reference| ≤ tolerance ; pour une comparaison, holds ; null si la référence ne s'applique pas"}),
			"holds":  schema{"type": "boolean", "description": "Comparaisons : l'ordre énoncé par le RAMEAU est-il vérifié ?"},
			"detail": schema{"type": "object", "additionalProperties": num},
		}}
	body := schema{"type": "object", "required": []string{"scope", "scale_factor", "figures"}, "properties": schema{
		"scope": schema{"type": "object", "required": []string{"level", "code", "name"}, "properties": schema{
			"level": nullable(schema{"type": "string", "description": "region, departement, epci ou commune ; null pour la France"}),
			"code":  nullable(str), "name": str,
		}},
		"scale_factor": nullable(schema{"type": "number", "description": "Partenariats réels représentés par une ligne (100 pour la démo)"}),
		"figures":      schema{"type": "array", "items": figure},
	}}
	doc.Paths[pathStats] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Statistiques de l'observatoire (chiffres du RAMEAU 2015)", OperationID: "getStats",
		Description: "Chaque chiffre du RAMEAU 2015 recalculé à partir des données, pour la France (sans paramètre) ou pour les acteurs " +
			"situés dans un territoire (level et territory ensemble), avec son numérateur, son dénominateur, la référence et l'écart toléré " +
			"(1 point pour un taux, 0,1 pour une moyenne, 1 % pour le total national). " +
			"f=csv (ou Accept: text/csv) : une ligne par chiffre (id,label,kind,value,numerator,denominator,reference), en UTF-8.",
		Parameters: params,
		Responses: map[string]oaResponse{
			"200": {Description: "Les chiffres du périmètre", Content: map[string]oaMedia{
				mediaJSON:  {Schema: body},
				"text/csv": {Schema: schema{"type": "string"}},
			}},
			"400": refResponse("InvalidParameter"),
			"404": refResponse("NotFound"),
			"500": refResponse("ServerError"),
		},
	}}
}
