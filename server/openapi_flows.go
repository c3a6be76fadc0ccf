package server

import (
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// addFlowsPath declares GET /api/flows (flows.go) with every parameter of
// flowsParamNames: its own three, then the partnerships filters defined as
// on the partnerships items path.
func addFlowsPath(doc oaDoc, root []oaServer) error {
	col, _ := data.LookupCollection(data.CollectionPartnerships)
	var params []oaParam
	for _, name := range flowsParamNames() {
		switch name {
		case paramLevel:
			params = append(params, oaParam{Name: name, In: "query", Required: true,
				Description: "Niveau des territoires entre lesquels agréger les partenariats.",
				Schema:      schema{"type": "string", "enum": levelNames(data.FlowLevels())}})
		case paramFlowTop:
			params = append(params, oaParam{Name: name, In: "query",
				Description: "Ne garder que les N flux les plus forts (les totaux portent toujours sur tous).",
				Schema:      schema{"type": "integer", "minimum": 1, "maximum": data.MaxLimit}})
		case paramFlowView:
			params = append(params, oaParam{Name: name, In: "query",
				Description: "flows (défaut) : une ligne par paire de territoires ; territories : un point par territoire avec ses totaux interne, sortant, entrant.",
				Schema:      schema{"type": "string", "enum": []string{viewFlows, viewTerritories}, "default": viewFlows}})
		case paramDatetime:
			params = append(params, analysisDatetimeParam())
		default:
			p, err := itemsParam(doc.Components, col, name)
			if err != nil {
				return fmt.Errorf("openapi: /api/flows: %w", err)
			}
			params = append(params, p)
		}
	}
	count := schema{"type": "integer", "minimum": 0}
	feature := schema{"type": "object", "required": []string{"type", "id", "geometry", "properties"}, "properties": schema{
		"type": schema{"type": "string", "enum": []string{"Feature"}}, "id": schema{"type": "string"},
		"geometry": schema{"type": "object", "nullable": true}, "properties": schema{"type": "object"},
	}}
	body := schema{"type": "object", "required": []string{"type", "level", "view", "matched", "flows", "internal", "unplaced", "features"},
		"properties": schema{
			"type": schema{"type": "string", "enum": []string{"FeatureCollection"}}, "level": schema{"type": "string"},
			"view": schema{"type": "string"}, "matched": count, "flows": count, "internal": count, "unplaced": count,
			"numberReturned": count, "features": schema{"type": "array", "items": feature},
		}}
	doc.Paths[pathFlows] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Flux de partenariats entre territoires", OperationID: "getFlows",
		Description: "Les partenariats retenus par les filtres (ceux des partenariats) agrégés entre les territoires du niveau choisi : " +
			"lignes entre les points représentatifs des territoires (à l'intérieur du polygone), avec le nombre de partenariats et ce nombre par échelle. " +
			"Les partenariats internes à un territoire ne sont pas tracés mais comptés par territoire (view=territories). " +
			"matched = flows + internal + unplaced (une extrémité à l'étranger ou hors de tout territoire du niveau).",
		Parameters: params,
		Responses: map[string]oaResponse{
			"200": {Description: "Les flux (ou les territoires)", Content: map[string]oaMedia{mediaGeoJSON: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"500": refResponse("ServerError"),
		},
	}}
	return nil
}

func levelNames(levels []geo.Level) []string { return stringsOf(levels) }
