package server

import "github.com/maillage/maillage/analysis"

// addPartnersPath declares the partners of one actor (partners.go).
func addPartnersPath(doc oaDoc, root []oaServer) {
	str := schema{"type": "string"}
	integer := schema{"type": "integer"}
	boolean := schema{"type": "boolean"}
	partner := schema{"type": "object", "required": []string{"partnership", "id", "name", "kind", "category", "domain", "scale", "active"},
		"properties": schema{"partnership": integer, "id": integer, "name": str, "kind": str, "category": str, "domain": str, "scale": str,
			"active": boolean}}
	body := schema{"type": "object", "required": []string{"actor", "total", "partners"}, "properties": schema{
		"actor": schema{"type": "object", "required": []string{"id", "name", "kind", "active"},
			"properties": schema{"id": integer, "name": str, "kind": str, "active": boolean}},
		"total":    integer,
		"partners": schema{"type": "array", "items": partner},
	}}
	doc.Paths["/api/actors/{id}/partners"] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Les partenaires d'un acteur", OperationID: "getActorPartners",
		Description: "Les partenaires d'un acteur, nommés, avec le domaine, la catégorie et l'échelle de chaque partenariat, " +
			"dans l'ordre des partenariats ; total compte ses partenariats actifs aujourd'hui, ou à datetime.",
		Parameters: []oaParam{
			{Name: paramPartnersActor, In: "path", Required: true, Description: "Identifiant de l'acteur.", Schema: integer},
			{Name: paramPartnersLimit, In: "query", Description: "Nombre de partenaires listés.",
				Schema: schema{"type": "integer", "minimum": 1, "maximum": analysis.PartnersMax, "default": analysis.PartnersDefault}},
			{Name: paramDatetime, In: "query", Description: "Les seuls partenariats actifs à un instant de cette date ou de cet intervalle (syntaxe OGC). " +
				"Par défaut, aujourd'hui (date UTC) ; ../.. : tous les partenariats enregistrés.",
				Schema: schema{"type": "string"}},
		},
		Responses: map[string]oaResponse{
			"200": {Description: "Les partenaires", Content: map[string]oaMedia{mediaJSON: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"404": refResponse("NotFound"),
			"500": refResponse("ServerError"),
		},
	}}
}
