package server

import (
	"maps"

	"github.com/maillage/maillage/data"
)

// addWritePaths describes the writes (writes.go) on each writable
// collection's items, and the bearer tokens they need.
func addWritePaths(doc oaDoc) {
	doc.Components.SecuritySchemes["jeton"] = schema{"type": "http", "scheme": "bearer",
		"description": "Jeton créé par `maillage token create` : un éditeur écrit dans son périmètre (territoires), un administrateur partout."}
	security := []map[string][]string{{"jeton": {}}}
	problems := func(codes ...string) map[string]oaResponse {
		why := map[string]string{
			"400": "Corps refusé (pas un Feature, propriété dérivée ou inconnue, géométrie) : errors nomme chaque champ",
			"401": "Jeton absent, inconnu ou révoqué",
			"403": "Objet hors du périmètre du jeton",
			"404": "Objet inconnu",
			"405": "Collection en lecture seule, ou serveur sur ses données embarquées",
			"409": "Conflit : identifiant déjà pris, acteur encore cité par des partenariats ou des alliances",
			"412": "If-Match : l'objet a changé depuis cette ETag",
			"413": "Corps trop grand",
			"415": "Type de contenu refusé",
			"422": "Valeurs refusées (acteur ou commune inconnus, SIREN, dates) : errors nomme chaque champ",
			"500": "Erreur du serveur ou du stockage",
		}
		out := map[string]oaResponse{}
		for _, c := range codes {
			out[c] = problemResponse(why[c])
		}
		return out
	}
	ifMatch := oaParam{Name: "If-Match", In: "header", Schema: schema{"type": "string"},
		Description: "ETag de l'objet lu (GET) : l'écriture n'a lieu que s'il n'a pas changé depuis (412 sinon). * : s'il existe."}
	// The headers of every write's answer; a creation adds Location.
	writtenHeaders := map[string]oaHeader{headerETag: {Description: "ETag de l'objet écrit, pour la prochaine écriture (If-Match)", Schema: schema{"type": "string"}},
		headerReadAfter: readAfterHeader}
	for _, col := range catalog() {
		writable := data.WritableProperties(col.ID)
		if writable == nil {
			continue
		}
		name := col.ID + "FeatureWrite"
		doc.Components.Schemas[name] = writeFeatureSchema(col, writable)
		body := func(media string) *oaRequestBody {
			return &oaRequestBody{Required: true, Content: map[string]oaMedia{media: {Schema: ref(name)}}}
		}
		written := oaResponse{Description: "L'objet tel qu'enregistré, champs dérivés compris", Headers: writtenHeaders,
			Content: map[string]oaMedia{mediaGeoJSON: {Schema: ref(col.ID + "Feature")}}}
		path := collectionPath(col.ID)
		fid := oaParam{Name: paramPathFID, In: "path", Required: true, Description: "Identifiant de l'objet", Schema: idSchema(col)}

		post := &oaOperation{Tags: []string{tagData}, Summary: "Créer un objet de « " + col.Title + " »", OperationID: "createFeature_" + col.ID,
			Description: "Un Feature GeoJSON ; sans id, le serveur en attribue un. Les champs dérivés (" + derivedList(col, writable) +
				") sont calculés par la base et ne s'écrivent pas. Une transaction, tracée dans l'historique.",
			RequestBody: body(mediaGeoJSON), Security: security, Responses: problems("400", "401", "403", "405", "409", "413", "415", "422", "500")}
		created := written
		created.Headers = maps.Clone(writtenHeaders)
		created.Headers["Location"] = oaHeader{Description: "Adresse du nouvel objet", Schema: schema{"type": "string", "format": "uri"}}
		post.Responses["201"] = created
		doc.Paths[path+"/items"].Post = post

		item := doc.Paths[path+"/items/{"+paramPathFID+"}"]
		item.Put = &oaOperation{Tags: []string{tagData}, Summary: "Remplacer un objet de « " + col.Title + " »", OperationID: "replaceFeature_" + col.ID,
			Description: "Toutes les propriétés modifiables viennent du corps : une propriété absente est vidée.",
			Parameters:  []oaParam{fid, ifMatch}, RequestBody: body(mediaGeoJSON), Security: security,
			Responses: problems("400", "401", "403", "404", "405", "412", "413", "415", "422", "500")}
		item.Put.Responses["200"] = written
		item.Patch = &oaOperation{Tags: []string{tagData}, Summary: "Modifier un objet de « " + col.Title + " » (JSON Merge Patch)", OperationID: "updateFeature_" + col.ID,
			Description: "RFC 7396 : le corps est fusionné avec l'objet ; null efface une propriété.",
			Parameters:  []oaParam{fid, ifMatch}, RequestBody: body(mediaMergePatch), Security: security,
			Responses: problems("400", "401", "403", "404", "405", "412", "413", "415", "422", "500")}
		item.Patch.Responses["200"] = written
		item.Delete = &oaOperation{Tags: []string{tagData}, Summary: "Supprimer un objet de « " + col.Title + " »", OperationID: "deleteFeature_" + col.ID,
			Description: "Son historique reste lisible. Un acteur encore cité par des partenariats ou des alliances ne se supprime pas (409).",
			Parameters:  []oaParam{fid, ifMatch}, Security: security,
			Responses: problems("401", "403", "404", "405", "409", "412", "500")}
		item.Delete.Responses["204"] = oaResponse{Description: "Supprimé", Headers: map[string]oaHeader{headerReadAfter: readAfterHeader}}
	}
}

// writeFeatureSchema is the body of a write: a Feature whose properties
// are the writable ones (no other is accepted).
func writeFeatureSchema(col data.Collection, writable []string) schema {
	props := schema{}
	for _, name := range writable {
		p, _ := col.Property(name)
		ps := propertySchema(p.Type)
		ps["title"], ps["nullable"] = p.Title, true
		props[name] = ps
		if name == "member_list" {
			// The list itself, or its JSON text as the layer serves it.
			props[name] = schema{"title": p.Title, "oneOf": []schema{{"type": "array", "items": schema{"type": "object",
				"required":             []string{"actor", "role"},
				"properties":           schema{"actor": schema{"type": "integer"}, "role": schema{"type": "string"}},
				"additionalProperties": false}}, {"type": "string"}}}
		}
	}
	geometry := ref("geometry")
	switch col.ID {
	case data.CollectionPartnerships:
		geometry = schema{"nullable": true, "description": "Toujours null : la ligne est dérivée des deux acteurs"}
	case data.CollectionAlliances:
		geometry = schema{"nullable": true, "description": "Toujours null : le point est dérivé du territoire et des membres"}
	}
	return schema{"type": "object", "required": []string{"type", "properties"}, "properties": schema{
		"type":       schema{"type": "string", "enum": []string{"Feature"}},
		"id":         idSchema(col),
		"geometry":   geometry,
		"properties": schema{"type": "object", "properties": props, "additionalProperties": false},
	}}
}

// derivedList names the properties of col a write cannot set.
func derivedList(col data.Collection, writable []string) string {
	var out string
	for _, p := range col.Properties {
		found := false
		for _, w := range writable {
			found = found || w == p.Name
		}
		if !found {
			if out != "" {
				out += ", "
			}
			out += p.Name
		}
	}
	return out
}

// addHistoryPaths describes the histories (history.go).
func addHistoryPaths(doc oaDoc, root []oaServer) {
	entry := schema{"type": "object", "properties": schema{
		"id": schema{"type": "integer"}, "at": schema{"type": "string", "format": "date-time"},
		"author":     schema{"type": "string", "description": "Nom du jeton, de l'import, ou rôle de la base"},
		"collection": schema{"type": "string"}, "featureId": schema{"type": "string"},
		"operation": schema{"type": "string", "enum": []string{"insert", "update", "delete", "load"}},
		"before":    schema{"type": "object", "nullable": true}, "after": schema{"type": "object", "nullable": true},
	}}
	page := oaResponse{Description: "Une page de changements, du plus ancien au plus récent ; lien next tant qu'il en reste",
		Content: map[string]oaMedia{mediaJSON: {Schema: schema{"type": "object", "properties": schema{
			"entries": schema{"type": "array", "items": entry}, "links": ref("links")}}}}}
	paging := []oaParam{
		{Name: paramHistoryAfter, In: "query", Description: "Identifiant du dernier changement de la page précédente (lien next)", Schema: schema{"type": "integer", "minimum": 0}},
		{Name: paramHistoryLimit, In: "query", Description: "Changements par page", Schema: schema{"type": "integer", "minimum": 1, "maximum": maxHistoryLimit, "default": defaultHistoryLimit}},
	}
	res := func() map[string]oaResponse {
		return map[string]oaResponse{"200": page, "400": refResponse("InvalidParameter"), "404": refResponse("NotFound"), "500": refResponse("ServerError")}
	}
	for _, id := range historyCollections {
		col, _ := data.LookupCollection(id)
		fid := oaParam{Name: paramPathFID, In: "path", Required: true, Description: "Identifiant de l'objet", Schema: idSchema(col)}
		doc.Paths[collectionPath(id)+"/items/{"+paramPathFID+"}/history"] = &oaPathItem{Get: &oaOperation{
			Tags: []string{tagData}, Summary: "Historique d'un objet de « " + col.Title + " », même supprimé", OperationID: "getFeatureHistory_" + id,
			Parameters: append([]oaParam{fid}, paging...), Responses: res()}}
	}
	str := schema{"type": "string"}
	doc.Paths[pathHistory] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Historique des données : qui a changé quoi, quand", OperationID: "getHistory",
		Description: "Chaque changement d'acteur, de partenariat ou d'alliance (écriture HTTP, import, modification directe en base), " +
			"avec l'objet avant et après. territory et level ensemble : les changements d'objets situés dans ce territoire, avant ou après.",
		Parameters: append([]oaParam{
			{Name: paramHistoryCollection, In: "query", Schema: schema{"type": "string", "enum": historyCollections}},
			{Name: paramLevel, In: "query", Schema: levelSchema()},
			{Name: paramHistoryTerritory, In: "query", Description: "Code du territoire (avec level)", Schema: str},
			{Name: paramHistorySince, In: "query", Description: "Date (2026-12-05) ou date-heure RFC 3339 : à partir de", Schema: str},
			{Name: paramHistoryUntil, In: "query", Description: "Date (le jour entier) ou date-heure RFC 3339 : jusqu'à", Schema: str},
		}, paging...),
		Responses: res()}}
}

// addImportsPath describes POST /api/imports (imports.go).
func addImportsPath(doc oaDoc, root []oaServer) {
	var kinds []string
	for _, k := range data.ImportKinds {
		kinds = append(kinds, string(k))
	}
	file := schema{"type": "string", "format": "binary"}
	row := schema{"type": "object", "properties": schema{"line": schema{"type": "integer"}, "reason": schema{"type": "string"},
		"fields": schema{"type": "array", "items": schema{"type": "object"}}}}
	doc.Paths[pathImports] = &oaPathItem{Servers: root, Post: &oaOperation{
		Tags: []string{tagData}, Summary: "Importer un fichier (administrateurs)", OperationID: "importFile",
		Description: "Les mêmes fichiers que `maillage import KIND FILE` (README, « Import formats ») : CSV ou GeoJSON, éventuellement gzip. " +
			"Une transaction : toutes les lignes ou aucune ; 422 liste chaque ligne refusée avec son numéro. Un import à la fois (503 sinon).",
		Parameters: []oaParam{
			{Name: paramImportKind, In: "query", Description: "Ce que contient le fichier (ou le champ kind du formulaire)", Schema: schema{"type": "string", "enum": kinds}},
			{Name: paramImportName, In: "query", Description: "Nom du fichier dans les messages et l'historique ; .geojson ou .json : GeoJSON", Schema: schema{"type": "string"}},
		},
		RequestBody: &oaRequestBody{Required: true, Content: map[string]oaMedia{
			"application/octet-stream": {Schema: file}, "text/csv": {Schema: file}, mediaGeoJSON: {Schema: file}, "application/gzip": {Schema: file},
			"multipart/form-data": {Schema: schema{"type": "object", "properties": schema{"kind": schema{"type": "string", "enum": kinds}, "file": file}}},
		}},
		Security: []map[string][]string{{"jeton": {}}},
		Responses: map[string]oaResponse{
			"200": {Description: "Fichier importé", Headers: map[string]oaHeader{headerReadAfter: readAfterHeader}, Content: map[string]oaMedia{mediaJSON: {Schema: schema{"type": "object", "properties": schema{
				"kind": schema{"type": "string"}, "file": schema{"type": "string"}, "rows": schema{"type": "integer"}, "seconds": schema{"type": "number"}}}}}},
			"400": refResponse("InvalidParameter"),
			"401": problemResponse("Jeton absent, inconnu ou révoqué"),
			"403": problemResponse("Le jeton n'est pas celui d'un administrateur"),
			"405": problemResponse("Serveur sur ses données embarquées, en lecture seule"),
			"413": problemResponse("Fichier trop grand (--max-import-bytes)"),
			"422": {Description: "Lignes refusées : rien n'est importé", Content: map[string]oaMedia{mediaProblem: {Schema: schema{"allOf": []schema{ref("problem"),
				{"type": "object", "properties": schema{"rows": schema{"type": "array", "items": row}}}}}}}},
			"503": problemResponse("Un import est en cours"),
			"500": refResponse("ServerError"),
		},
	}}
}

// readAfterHeader documents the log position a write answers with
// (read_after.go).
var readAfterHeader = oaHeader{Description: "Position du journal de la base principale une fois l'écriture validée : la renvoyer telle quelle " +
	"dans cet en-tête (ou laisser le cookie maillage_read_after la porter) pour que les lectures suivantes la voient, même servies par un réplica.",
	Schema: schema{"type": "string", "pattern": "^[0-9A-F]{1,8}/[0-9A-F]{1,8}$"}}
