package server

import (
	"fmt"
	"strings"

	"github.com/maillage/maillage/geo"
)

// addIndicatorPaths declares the indicators API (indicators.go, breaks.go)
// in doc. Its paths lie outside /ogc, so each carries root as its server,
// as the probes do. Parameters come from the lists the handlers check.
func addIndicatorPaths(doc oaDoc, root []oaServer) {
	op := func(summary, id, description string, params []oaParam, body schema) *oaPathItem {
		return &oaPathItem{Servers: root, Get: &oaOperation{
			Tags: []string{tagData}, Summary: summary, OperationID: id, Description: description, Parameters: params,
			Responses: map[string]oaResponse{
				"200": {Description: summary, Content: map[string]oaMedia{mediaJSON: {Schema: body}}},
				"400": refResponse("InvalidParameter"),
				"404": refResponse("NotFound"),
				"500": refResponse("ServerError"),
			},
		}}
	}
	catalogue := op("Catalogue des indicateurs de fragilité", "getIndicators", "", nil, schema{
		"type": "object", "required": []string{"indicators"}, "properties": schema{
			"indicators": schema{"type": "array", "items": indicatorSchema()},
		}})
	delete(catalogue.Get.Responses, "404")
	doc.Paths[routeIndicators] = catalogue

	pathID := oaParam{Name: paramPathIndicator, In: "path", Required: true, Description: "Identifiant de l'indicateur (voir /api/indicators)",
		Schema: schema{"type": "string"}}
	values := []oaParam{pathID}
	for _, name := range indicatorValuesParamNames() {
		values = append(values, indicatorParam(name))
	}
	doc.Paths[openAPIPath(routeIndicatorValues)] = op("Valeurs d'un indicateur par territoire", "getIndicatorValues",
		"Valeurs au niveau le plus fin telles que stockées ; aux niveaux supérieurs, agrégées depuis le niveau le plus fin par la règle "+
			"de l'indicateur (rapport des sommes, moyenne pondérée par la population, somme), jamais par moyenne de taux. "+
			"Les codes restent des chaînes (« 2A004 »).",
		values, schema{"type": "object", "required": []string{"indicator", "level", "year", "national", "values"}, "properties": schema{
			"indicator": schema{"type": "string"}, "level": levelSchema(), "year": schema{"type": "integer"},
			"national": schema{"type": "number", "nullable": true},
			"values":   schema{"type": "object", "additionalProperties": schema{"type": "number"}},
		}})

	breaks := []oaParam{pathID}
	for _, name := range indicatorBreaksParamNames() {
		breaks = append(breaks, indicatorParam(name))
	}
	doc.Paths[openAPIPath(routeIndicatorBreaks)] = op("Classes d'une carte choroplèthe", "getIndicatorBreaks",
		"Bornes des classes (k+1, de la plus petite à la plus grande valeur ; la classe i va de breaks[i] exclu à breaks[i+1] inclus, "+
			"la première inclut sa borne basse), effectif et couleur de chaque classe, et valeur nationale. k peut être plus petit que demandé "+
			"quand il y a moins de valeurs distinctes. Couleurs séquentielles, les plus sombres du côté défavorable ; pour stddev, "+
			"divergentes autour de la valeur nationale (rouge du côté défavorable, bleu de l'autre).",
		breaks, schema{"type": "object", "required": []string{"indicator", "level", "year", "method", "k", "higher_is_worse", "national", "breaks", "counts", "colors"},
			"properties": schema{
				"indicator": schema{"type": "string"}, "level": levelSchema(), "year": schema{"type": "integer"},
				"method": schema{"type": "string"}, "k": schema{"type": "integer"}, "higher_is_worse": schema{"type": "boolean"},
				"national": schema{"type": "number", "nullable": true},
				"breaks":   schema{"type": "array", "items": schema{"type": "number"}},
				"counts":   schema{"type": "array", "items": schema{"type": "integer"}},
				"colors":   schema{"type": "array", "items": schema{"type": "string", "pattern": "^#[0-9a-f]{6}$"}},
			}})
}

// indicatorParam declares one query parameter of the indicators API.
func indicatorParam(name string) oaParam {
	p := oaParam{Name: name, In: "query"}
	switch name {
	case paramLevel:
		p.Description, p.Schema = "Niveau des territoires, au plus fin celui de l'indicateur (par défaut).", levelSchema()
	case paramIndicatorYear:
		p.Description = "Année des valeurs ; par défaut celle de l'indicateur."
		p.Schema = schema{"type": "integer", "minimum": minYear, "maximum": maxYear}
	case paramBreaksMethod:
		methods := make([]string, len(geo.BreakMethods))
		for i, m := range geo.BreakMethods {
			methods[i] = string(m)
		}
		p.Description = "Discrétisation : quantiles (effectifs égaux), jenks (seuils naturels optimaux de Fisher–Jenks), " +
			"equal (amplitudes égales) ou stddev (écarts-types autour de la valeur nationale)."
		p.Schema = schema{"type": "string", "enum": methods, "default": string(defaultMethod)}
	case paramBreaksK:
		p.Description = "Nombre de classes."
		p.Schema = schema{"type": "integer", "minimum": minClasses, "maximum": maxClasses, "default": defaultClasses}
	default:
		panic(fmt.Sprintf("openapi: indicator parameter %q has no definition", name))
	}
	return p
}

func levelSchema() schema {
	levels := make([]string, len(geo.Levels))
	for i, l := range geo.Levels {
		levels[i] = string(l)
	}
	return schema{"type": "string", "enum": levels}
}

func indicatorSchema() schema {
	str := schema{"type": "string"}
	return schema{"type": "object",
		"required": []string{"id", "label", "theme", "unit", "source", "year", "higher_is_worse", "finest_level", "aggregation", "synthetic", "domains"},
		"properties": schema{
			"id": str, "label": str, "theme": str, "unit": str, "source": str, "year": schema{"type": "integer"},
			"higher_is_worse": schema{"type": "boolean"}, "finest_level": levelSchema(),
			"aggregation": schema{"type": "string", "enum": []string{string(geo.AggregationRatio), string(geo.AggregationWeightedMean), string(geo.AggregationSum)}},
			"synthetic":   schema{"type": "boolean"},
			"domains":     schema{"type": "array", "items": str},
		}}
}

// openAPIPath spells an Echo route (":name") as an OpenAPI path ("{name}").
func openAPIPath(route string) string {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if name, ok := strings.CutPrefix(p, ":"); ok {
			parts[i] = "{" + name + "}"
		}
	}
	return strings.Join(parts, "/")
}
