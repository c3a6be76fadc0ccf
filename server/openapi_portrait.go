package server

import "github.com/maillage/maillage/analysis"

// addPortraitPaths declares the portrait's JSON and HTML paths
// (portrait.go).
func addPortraitPaths(doc oaDoc, root []oaServer) {
	params := []oaParam{
		{Name: paramPathCode, In: "path", Required: true, Description: "Code du territoire (INSEE, SIREN pour un EPCI).",
			Schema: schema{"type": "string"}},
		{Name: paramPortraitLevel, In: "query",
			Description: "Niveau du territoire, nécessaire quand son code en désigne plusieurs (84 : région ou département).",
			Schema:      levelSchema()},
	}
	responses := func(media string, body schema) map[string]oaResponse {
		return map[string]oaResponse{
			"200": {Description: "Le portrait", Content: map[string]oaMedia{media: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"404": refResponse("NotFound"),
			"500": refResponse("ServerError"),
		}
	}
	description := "Identité et typologie ; chaque indicateur avec la valeur du territoire parent et de la France, le rang et le centile " +
		"parmi les territoires du même niveau ; acteurs par type ; taux de partenariat des associations et des entreprises de 10 salariés et plus ; " +
		"partenariats par catégorie, domaine et échelle ; alliances ; les trois plus grands écarts de partenariat et leurs suggestions de mise en relation."
	doc.Paths["/api/territories/{code}/portrait"] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Portrait d'un territoire (JSON)", OperationID: "getPortrait",
		Description: description, Parameters: params,
		Responses: responses(mediaJSON, schema{"type": "object"}),
	}}
	doc.Paths["/portrait/{code}"] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Portrait d'un territoire (page imprimable)", OperationID: "getPortraitPage",
		Description: description + " Page HTML en français, graphiques SVG, imprimable sans réseau.", Parameters: params,
		Responses: responses("text/html", schema{"type": "string"}),
	}}
}

// addTimelinePath declares the timeline's path (timeline.go).
func addTimelinePath(doc oaDoc, root []oaServer) {
	year := func(name, description string) oaParam {
		return oaParam{Name: name, In: "query", Description: description,
			Schema: schema{"type": "integer", "minimum": analysis.TimelineFirstYear, "maximum": analysis.TimelineLastYear}}
	}
	counts := schema{"type": "object", "additionalProperties": schema{"type": "integer"}}
	rate := schema{"type": "number", "nullable": true, "description": "En pourcentage ; null sans acteur du groupe."}
	yearDoc := schema{"type": "object", "properties": map[string]any{
		"year":                    schema{"type": "integer"},
		"active":                  schema{"type": "integer", "description": "Partenariats actifs à un moment de l'année."},
		"started":                 schema{"type": "integer"},
		"ended":                   schema{"type": "integer"},
		"by_category":             counts,
		"by_domain":               counts,
		"by_scale":                counts,
		"associations_partnering": schema{"type": "integer"},
		"companies10_partnering":  schema{"type": "integer"},
		"association_rate":        rate,
		"company10_rate":          rate,
	}}
	body := schema{"type": "object", "properties": map[string]any{
		"territory":    schema{"type": "object"},
		"from":         schema{"type": "integer"},
		"to":           schema{"type": "integer"},
		"step":         schema{"type": "string", "enum": []string{timelineStepYear}},
		"associations": schema{"type": "integer"},
		"companies10":  schema{"type": "integer"},
		"years":        schema{"type": "array", "items": yearDoc},
	}}
	doc.Paths["/api/territories/{code}/timeline"] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Le maillage d'un territoire année par année", OperationID: "getTimeline",
		Description: "Pour chaque année civile : les partenariats ayant au moins un acteur dans le territoire et actifs à un moment " +
			"de l'année (commencés au plus tard le 31 décembre, non terminés avant le 1er janvier), par catégorie, domaine et échelle ; " +
			"ceux qui ont commencé et ceux qui ont pris fin dans l'année ; le nombre et le taux d'associations et d'entreprises de " +
			"10 salariés et plus du territoire ayant au moins un partenariat actif dans l'année. Les acteurs n'étant pas datés, " +
			"les taux de chaque année rapportent aux acteurs d'aujourd'hui.",
		Parameters: []oaParam{
			{Name: paramPathCode, In: "path", Required: true, Description: "Code du territoire (INSEE, SIREN pour un EPCI).",
				Schema: schema{"type": "string"}},
			{Name: paramPortraitLevel, In: "query",
				Description: "Niveau du territoire, nécessaire quand son code en désigne plusieurs (84 : région ou département).",
				Schema:      levelSchema()},
			year(paramTimelineFrom, "Première année ; par défaut celle du premier partenariat du territoire."),
			year(paramTimelineTo, "Dernière année ; par défaut l'année en cours. Au plus 100 ans."),
			{Name: paramTimelineStep, In: "query", Description: "Le pas : l'année civile, seul pas possible.",
				Schema: schema{"type": "string", "enum": []string{timelineStepYear}, "default": timelineStepYear}},
		},
		Responses: map[string]oaResponse{
			"200": {Description: "La série", Content: map[string]oaMedia{mediaJSON: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"404": refResponse("NotFound"),
			"500": refResponse("ServerError"),
		},
	}}
}
