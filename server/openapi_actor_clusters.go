package server

import (
	"fmt"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// addActorClustersPath declares GET /api/actor-clusters
// (actor_clusters.go) with every parameter of actorClustersParamNames.
func addActorClustersPath(doc oaDoc, root []oaServer) {
	no := false
	var params []oaParam
	for _, name := range actorClustersParamNames() {
		p := oaParam{Name: name, In: "query"}
		switch name {
		case paramClusterZoom:
			p.Required = true
			p.Description = "Niveau de zoom de la carte : la maille mesure 360 / 2^zoom / 4 degrés de côté " +
				"(64 pixels d'une tuile de 256 pixels), en longitude comme en latitude."
			p.Schema = schema{"type": "integer", "minimum": 0, "maximum": geo.MaxClusterZoom}
		case paramBBox:
			p.Required, p.Style, p.Explode = true, "form", &no
			p.Description = "Les acteurs situés dans ce rectangle (bords compris) : minx,miny,maxx,maxy en longitude/latitude (CRS84), " +
				"ou 6 nombres avec les hauteurs (ignorées). Au-delà de " + fmt.Sprint(data.MaxClusterCells) +
				" mailles (largeur / maille × hauteur / maille), refusé : dézoomer ou réduire le rectangle."
			p.Schema = schema{"type": "array", "minItems": 4, "maxItems": 6, "items": schema{"type": "number"}}
		case paramClusterKind:
			p.Description = "Ne compter que les acteurs de ce type (comme le filtre kind des acteurs)."
			p.Schema = schema{"type": "string", "enum": stringsOf(geo.ActorKinds)}
		default:
			panic(fmt.Sprintf("openapi: /api/actor-clusters parameter %q has no definition", name))
		}
		params = append(params, p)
	}
	count := schema{"type": "integer", "minimum": 0}
	kinds := schema{}
	for _, k := range geo.ActorKinds {
		kinds[string(k)] = count
	}
	feature := schema{"type": "object", "required": []string{"type", "id", "geometry", "properties"}, "properties": schema{
		"type": schema{"type": "string", "enum": []string{"Feature"}},
		"id":   schema{"type": "string", "description": "La maille : cx/cy, soit floor(longitude / maille)/floor(latitude / maille)"},
		"geometry": schema{"type": "object", "required": []string{"type", "coordinates"}, "properties": schema{
			"type": schema{"type": "string", "enum": []string{"Point"}},
			"coordinates": schema{"type": "array", "items": schema{"type": "number"}, "minItems": 2, "maxItems": 2,
				"description": "Position moyenne des acteurs de la maille (longitude, latitude), 7 décimales"},
		}},
		"properties": schema{"type": "object", "required": []string{"count", "by_kind", "employees"}, "properties": schema{
			"count": count,
			"by_kind": schema{"type": "object", "properties": kinds, "additionalProperties": false,
				"description": "Acteurs par type, pour les types présents seulement"},
			"employees": schema{"type": "integer", "minimum": 0, "description": "Somme des effectifs salariés"},
		}},
	}}
	body := schema{"type": "object", "required": []string{"type", "zoom", "cell_degrees", "numberMatched", "numberReturned", "features"},
		"properties": schema{
			"type": schema{"type": "string", "enum": []string{"FeatureCollection"}}, "zoom": schema{"type": "integer"},
			"cell_degrees":  schema{"type": "number", "description": "Côté de la maille, en degrés"},
			"numberMatched": count, "numberReturned": count,
			"features": schema{"type": "array", "items": feature},
		}}
	doc.Paths[pathActorClusters] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Acteurs regroupés par maille, pour la carte dézoomée", OperationID: "getActorClusters",
		Description: "Les acteurs du rectangle comptés par maille d'une grille en degrés (sans projection) : un point par maille non vide, " +
			"à la position moyenne de ses acteurs, avec leur nombre, leur nombre par type et la somme de leurs effectifs ; " +
			"trié par cx puis cy. numberMatched compte les acteurs, numberReturned les mailles.",
		Parameters: params,
		Responses: map[string]oaResponse{
			"200": {Description: "Les mailles non vides", Content: map[string]oaMedia{mediaGeoJSON: {Schema: body}}},
			"400": refResponse("InvalidParameter"),
			"500": refResponse("ServerError"),
		},
	}}
}
