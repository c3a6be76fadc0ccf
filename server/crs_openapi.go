package server

import "github.com/maillage/maillage/geo"

// crsParameters are the OpenAPI definitions of crs and bbox-crs, shared by
// every items path (and crs by every item path): a URI among the CRSs
// served, CRS84 by default, as OGC API – Features Part 2 declares them.
func crsParameters() map[string]oaParam {
	uris := crsURIs()
	crsSchema := func() schema {
		return schema{"type": "string", "format": "uri", "enum": uris, "default": geo.CRS84.URI()}
	}
	return map[string]oaParam{
		paramCRS: {Name: paramCRS, In: "query", Schema: crsSchema(),
			Description: "Système de coordonnées des géométries servies (URI). CRS84 (longitude, latitude) par défaut ; " +
				"EPSG:4326 dans l'ordre latitude, longitude ; EPSG:3857 et EPSG:2154 (Lambert-93) en mètres, au centimètre. " +
				"L'en-tête Content-Crs de la réponse le rappelle."},
		paramBBoxCRS: {Name: paramBBoxCRS, In: "query", Schema: crsSchema(),
			Description: "Système de coordonnées des nombres de bbox (URI), dans l'ordre de ses axes (latitude d'abord pour EPSG:4326). " +
				"Le rectangle est converti en l'emprise CRS84 de la région qu'il couvre ; en Lambert-93, cette emprise " +
				"déborde un peu du rectangle, les méridiens n'étant pas parallèles aux axes."},
	}
}
