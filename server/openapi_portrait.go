package server

import "github.com/maillage/maillage/analysis"

// addPortraitPaths declares the portrait's JSON and HTML paths
// (portrait.go).
func addPortraitPaths(doc oaDoc, root []oaServer) {
	params := []oaParam{
		{Name: paramPathCode, In: "path", Required: true, Description: "Code du territoire (INSEE, SIREN pour un EPCI).",
			Schema: schema{"type": "string"}},
		{Name: paramLevel, In: "query",
			Description: "Niveau du territoire, nécessaire quand son code en désigne plusieurs (84 : région ou département).",
			Schema:      levelSchema()},
		{Name: paramDatetime, In: "query",
			Description: "Ne compter que les partenariats actifs à un moment de cet instant ou intervalle : chiffres de l'observatoire, " +
				"partenariats par catégorie, domaine, échelle et étape, écarts. Indicateurs, acteurs, alliances, territoires semblables " +
				"et solutions restent ceux d'aujourd'hui. Par défaut, les partenariats actifs aujourd'hui (date UTC) ; " +
				"../.. : tous les partenariats enregistrés.",
			Schema: schema{"type": "string"}},
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
			{Name: paramLevel, In: "query",
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

// addSimilarPaths declares the similar territories' and the duplicable
// alliances' paths (similar.go).
func addSimilarPaths(doc oaDoc, root []oaServer) {
	params := func(def, max int) []oaParam {
		return []oaParam{
			{Name: paramPathCode, In: "path", Required: true, Description: "Code du territoire (INSEE, SIREN pour un EPCI).",
				Schema: schema{"type": "string"}},
			{Name: paramLevel, In: "query",
				Description: "Niveau du territoire, nécessaire quand son code en désigne plusieurs (84 : région ou département).",
				Schema:      levelSchema()},
			{Name: paramSimilarLimit, In: "query", Description: "Nombre de réponses.",
				Schema: schema{"type": "integer", "minimum": 1, "maximum": max, "default": def}},
		}
	}
	responses := map[string]oaResponse{
		"200": {Description: "La liste", Content: map[string]oaMedia{mediaJSON: {Schema: schema{"type": "object"}}}},
		"400": refResponse("InvalidParameter"),
		"404": refResponse("NotFound"),
		"500": refResponse("ServerError"),
	}
	doc.Paths["/api/territories/{code}/similar"] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Les territoires les plus semblables", OperationID: "getSimilar",
		Description: "Les territoires du même niveau les plus proches par la typologie (densité, de l'urbain au rural ; part de la " +
			"population en quartier prioritaire ; pour les communes, zone de revitalisation rurale et parc naturel régional) et par le " +
			"profil de fragilité (les centiles orientés des indicateurs), pour moitié chacun ; chaque part de la distance est expliquée.",
		Parameters: params(analysis.SimilarDefault, analysis.SimilarMax), Responses: responses,
	}}
	doc.Paths["/api/territories/{code}/duplicable"] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Solutions à dupliquer d'autres territoires", OperationID: "getDuplicable",
		Description: "Pour les trois plus grands écarts de partenariat du territoire, les alliances des 30 territoires les plus " +
			"semblables qui agissent sur le même enjeu, classées (proximité, rang de l'écart, âge, nombre de mondes), avec leurs " +
			"membres et rôles, leur âge, la portée des partenariats de leurs membres et les raisons du choix.",
		Parameters: params(analysis.DuplicableDefault, analysis.DuplicableMax), Responses: responses,
	}}
}
