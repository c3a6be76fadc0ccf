package server

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
