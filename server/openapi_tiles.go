package server

import (
	"fmt"

	"github.com/maillage/maillage/data"
)

// addTilesPaths declares OGC API – Tiles (tiles.go): the tile matrix
// sets, and for each stored collection and for the dataset the tilesets
// list, the tileset (JSON or TileJSON) and the tiles, with the same
// parameters the handlers accept (tileParamNames).
func addTilesPaths(doc oaDoc) error {
	pathParam := func(name, description string, s schema) oaParam {
		return oaParam{Name: name, In: "path", Required: true, Description: description, Schema: s}
	}
	tmsParam := pathParam(paramPathTMS, "Grille de tuilage (seule WebMercatorQuad est servie)",
		schema{"type": "string", "enum": []string{tmsWebMercatorQuad}})
	coords := []oaParam{
		tmsParam,
		pathParam(paramPathTileMatrix, "Niveau de zoom (matrice de tuiles)", schema{"type": "integer", "minimum": 0}),
		pathParam(paramPathTileRow, "Ligne de la tuile, depuis le nord (le y des cartes web)", schema{"type": "integer", "minimum": 0}),
		pathParam(paramPathTileCol, "Colonne de la tuile, depuis l'ouest (le x des cartes web)", schema{"type": "integer", "minimum": 0}),
	}
	fJSONOnly := oaParam{Name: paramF, In: "query", Description: "Format", Schema: schema{"type": "string", "enum": []string{fJSON}}}
	fTileset := oaParam{Name: paramF, In: "query", Description: "json (défaut) ou tilejson (TileJSON 3.0, pour MapLibre et QGIS)",
		Schema: schema{"type": "string", "enum": []string{fJSON, fTileJSON}}}
	fTile := oaParam{Name: paramF, In: "query", Description: "Format", Schema: schema{"type": "string", "enum": []string{fMVT}}}
	jsonOK := func(description string) oaResponse {
		return oaResponse{Description: description, Content: map[string]oaMedia{mediaJSON: {Schema: schema{"type": "object"}}}}
	}
	tileOK := map[string]oaResponse{
		"200": {Description: "La tuile (Mapbox Vector Tile 2.1)", Content: map[string]oaMedia{mediaMVT: {Schema: schema{"type": "string", "format": "binary"}}}},
		"204": {Description: "Tuile vide : aucun objet"},
		"400": refResponse("InvalidParameter"), "404": refResponse("NotFound"), "500": refResponse("ServerError"),
	}
	op := func(summary, id, description string, params []oaParam, responses map[string]oaResponse) *oaPathItem {
		return &oaPathItem{Get: &oaOperation{Tags: []string{tagData}, Summary: summary, OperationID: id, Description: description,
			Parameters: params, Responses: responses}}
	}
	meta := func(description string) map[string]oaResponse {
		return map[string]oaResponse{"200": jsonOK(description), "400": refResponse("InvalidParameter"),
			"404": refResponse("NotFound"), "500": refResponse("ServerError")}
	}
	doc.Paths[routeTileMatrixSets] = op("Grilles de tuilage", "getTileMatrixSetsList", "", []oaParam{fJSONOnly}, meta("La liste des grilles"))
	doc.Paths[routeTileMatrixSets+"/{"+paramPathTMS+"}"] = op("Définition d'une grille de tuilage (OGC 17-083r4)", "getTileMatrixSet", "",
		[]oaParam{tmsParam, fJSONOnly}, meta("La grille"))

	zooms := "Sous le zoom 12, les acteurs sont comptés par cellule (couche actor_cells) et les partenariats sommés entre territoires " +
		"(couche partnership_flows) : chaque tuile est complète et légère. Une tuile sans objet répond 204."
	for _, col := range data.Catalog() {
		var filters []oaParam
		for _, name := range tileParamNames(col) {
			if name == paramF {
				continue
			}
			if name == paramDatetime {
				filters = append(filters, analysisDatetimeParam())
				continue
			}
			p, err := itemsParam(doc.Components, col, name)
			if err != nil {
				return fmt.Errorf("openapi: tiles of %s: %w", col.ID, err)
			}
			filters = append(filters, p)
		}
		base := collectionPath(col.ID) + "/tiles"
		doc.Paths[base] = op("Jeux de tuiles de « "+col.Title+" »", "getTileSetsList_"+col.ID, "", []oaParam{fJSONOnly}, meta("La liste"))
		tsParams := append(append([]oaParam{tmsParam}, filters...), fTileset)
		doc.Paths[base+"/{"+paramPathTMS+"}"] = op("Jeu de tuiles de « "+col.Title+" »", "getTileSet_"+col.ID,
			"Ses couches, leurs champs et leurs zooms ; f=tilejson pour TileJSON. Les filtres donnés se retrouvent dans le modèle d'URL des tuiles.",
			tsParams, meta("Les métadonnées du jeu de tuiles"))
		tileParams := append(append(append([]oaParam{}, coords...), filters...), fTile)
		doc.Paths[base+"/{"+paramPathTMS+"}/{"+paramPathTileMatrix+"}/{"+paramPathTileRow+"}/{"+paramPathTileCol+"}"] =
			op("Une tuile de « "+col.Title+" »", "getTile_"+col.ID, zooms+" Les filtres sont ceux des objets de la collection.", tileParams, tileOK)
	}

	collects := oaParam{Name: paramCollects, In: "query", Description: "Collections à mettre dans la tuile, séparées par des virgules (toutes par défaut)",
		Schema: schema{"type": "array", "items": schema{"type": "string", "enum": collectionIDs(data.Catalog())}}, Style: "form", Explode: new(bool)}
	doc.Paths[routeTilesets] = op("Jeux de tuiles de toutes les couches", "getDatasetTileSetsList", "", []oaParam{fJSONOnly}, meta("La liste"))
	doc.Paths[routeTilesets+"/{"+paramPathTMS+"}"] = op("Jeu de tuiles de plusieurs couches", "getDatasetTileSet", "",
		[]oaParam{tmsParam, collects, fTileset}, meta("Les métadonnées du jeu de tuiles"))
	doc.Paths[routeTilesets+"/{"+paramPathTMS+"}/{"+paramPathTileMatrix+"}/{"+paramPathTileRow+"}/{"+paramPathTileCol+"}"] =
		op("Une tuile de plusieurs couches", "getDatasetTile", zooms+" Une couche par collection choisie, dans l'ordre demandé.",
			append(append(append([]oaParam{}, coords...), collects), fTile), tileOK)
	return nil
}

// collectionIDs lists the ids of cols.
func collectionIDs(cols []data.Collection) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.ID
	}
	return out
}
