package data

import "github.com/maillage/maillage/geo"

// PropertyType is the JSON type of a feature property.
type PropertyType string

// JSON types of feature properties, as OpenAPI names them.
const (
	TypeString  PropertyType = "string"
	TypeInteger PropertyType = "integer"
	TypeNumber  PropertyType = "number"
	TypeBoolean PropertyType = "boolean"
	// TypeDate is a calendar day, a JSON string "YYYY-MM-DD" (a
	// partnership's start and end).
	TypeDate PropertyType = "date"
)

// Schema is the JSON Schema type and format of t's values: a date is a
// string of format date.
func (t PropertyType) Schema() (typ, format string) {
	if t == TypeDate {
		return "string", "date"
	}
	return string(t), ""
}

// Property is one attribute of a collection's features, with its French
// title for the viewer and the OpenAPI document.
type Property struct {
	Name  string
	Type  PropertyType
	Title string
}

// Collection describes a layer both stores serve. IDType is the JSON type of
// the feature id ("integer" for actors, partnerships and alliances; "string"
// INSEE codes for territories). Level is set for territory collections.
//
// Queryables are the properties clients may filter on by equality (OGC API
// Features Part 1 query parameters, Part 3 queryables). Temporal names the
// date property a feature starts at, empty when there is none, and
// TemporalEnd the one it ends at (a partnership's end; empty: none, so no
// end): `datetime` (ItemsQuery.During) keeps the features whose
// [Temporal, TemporalEnd] period meets its interval (ActiveDuring).
type Collection struct {
	ID           string
	Title        string
	Description  string
	GeometryType string
	IDType       PropertyType
	Level        geo.Level
	Properties   []Property
	Queryables   []string
	// Lists are the properties holding a list (an actor's domains, served
	// as comma-separated text): no equality filter, but CQL2's array
	// functions compare them (A_CONTAINS(domains, ('sport'))).
	Lists       []string
	Temporal    string
	TemporalEnd string
	// Touches says the collection takes the either-end territory filters
	// (ItemsQuery.Touches, the commune/epci/departement/region parameters
	// of partnerships; see links.go).
	Touches bool
	// TileFields are the properties a vector tile carries unless the
	// request selects others (TileProperties).
	TileFields []string
}

// Property returns the collection's property of that name.
func (c Collection) Property(name string) (Property, bool) {
	for _, p := range c.Properties {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// Collection ids served under /ogc/collections.
const (
	CollectionActors       = "actors"
	CollectionPartnerships = "partnerships"
	CollectionAlliances    = "alliances"
	CollectionRegions      = "regions"
	CollectionDepartements = "departements"
	CollectionEPCIs        = "epcis"
	CollectionCommunes     = "communes"
)

// territoryProperties are shared by the four territory collections; the
// feature id is the INSEE code (SIREN for EPCIs), repeated as "code".
func territoryProperties() []Property {
	return []Property{
		{"code", TypeString, "Code INSEE"},
		{"name", TypeString, "Nom"},
		{"level", TypeString, "Niveau"},
		{"region", TypeString, "Code région"},
		{"departement", TypeString, "Code département"},
		{"epci", TypeString, "SIREN de l'EPCI"},
		{"population", TypeInteger, "Population municipale"},
		{"approximate", TypeBoolean, "Géométrie approchée"},
		{"density_class", TypeInteger, "Grille de densité (1 très dense … 7 très peu dense)"},
		{"qpv_share", TypeNumber, "Part de la population en QPV"},
		{"rural_revitalisation", TypeBoolean, "Zone de revitalisation rurale"},
		{"natural_park", TypeBoolean, "Parc naturel régional"},
		{"alliances_count", TypeInteger, "Nombre d'alliances"},
		{"alliances_first_year", TypeInteger, "Année de la première alliance"},
	}
}

// territoryCountedProperties are the territory properties counted from
// other tables (the alliances anchored in the territory), not read from
// the territory's own row.
var territoryCountedProperties = []string{"alliances_count", "alliances_first_year"}

// territoryTileFields are what territory tiles carry: enough to name a
// territory and join its indicator values (by code) in a map. Every
// other field is one request away; each one more would weigh on tiles
// holding thousands of communes.
func territoryTileFields() []string { return []string{"code", "name"} }

// territoryQueryables are the filterable properties of the four territory
// collections.
func territoryQueryables() []string {
	return []string{"name", "region", "departement", "epci", "density_class", "rural_revitalisation", "natural_park"}
}

// Catalog returns the collections the stores keep as rows, in the order
// they are listed to clients (computed layers, such as the analysis
// package's gap collections, come after them). It builds a fresh value each
// call so no caller can alter another's copy.
func Catalog() []Collection {
	list := []Collection{
		{ID: CollectionActors, Title: "Acteurs", GeometryType: "Point", IDType: TypeInteger,
			TileFields: []string{"name", "kind", "commune", "size_class", "sector"},
			Queryables: []string{"name", "kind", "sector", "size_class", "commune", "epci", "departement", "region", "country",
				"precision", "employer", "insertion", "reach", "active"},
			Lists:       []string{"domains"},
			Description: "Acteurs des territoires : entreprises, associations, collectivités, services de l'État, établissements d'enseignement, clubs d'entreprises (données de démonstration synthétiques).",
			Properties: []Property{
				{"name", TypeString, "Nom"},
				{"kind", TypeString, "Type d'acteur"},
				{"siren", TypeString, "SIREN"},
				{"rna", TypeString, "Numéro RNA"},
				{"commune", TypeString, "Code commune"},
				{"epci", TypeString, "SIREN de l'EPCI"},
				{"departement", TypeString, "Code département"},
				{"region", TypeString, "Code région"},
				{"country", TypeString, "Pays (ISO 3166-1)"},
				{"precision", TypeString, "Précision de la localisation"},
				{"employees", TypeInteger, "Effectif salarié"},
				{"size_class", TypeString, "Tranche d'effectif"},
				{"employer", TypeBoolean, "Association employeuse"},
				{"insertion", TypeBoolean, "Structure d'insertion"},
				{"sector", TypeString, "Secteur"},
				{"reach", TypeString, "Rayonnement déclaré"},
				{"domains", TypeString, "Domaines d'action (séparés par des virgules)"},
				{"active", TypeBoolean, "Actif : faux pour un établissement fermé ou une association dissoute, gardés avec l'histoire de leurs partenariats"},
			}},
		{ID: CollectionPartnerships, Title: "Partenariats", GeometryType: "LineString", IDType: TypeInteger,
			Queryables:  []string{"category", "domain", "scale", "kind_a", "kind_b", "actor_a", "actor_b", "start", "end", "stage"},
			Temporal:    "start",
			TemporalEnd: "end",
			Touches:     true,
			TileFields:  []string{"category", "domain", "scale"},
			Description: "Partenariats entre deux acteurs, tracés d'un acteur à l'autre ; l'échelle est déduite des territoires des deux acteurs.",
			Properties: []Property{
				{"actor_a", TypeInteger, "Acteur A"},
				{"actor_b", TypeInteger, "Acteur B"},
				{"kind_a", TypeString, "Type de l'acteur A"},
				{"kind_b", TypeString, "Type de l'acteur B"},
				{"category", TypeString, "Catégorie"},
				{"domain", TypeString, "Domaine"},
				{"scale", TypeString, "Échelle (local, régional, national, international)"},
				{"start", TypeDate, "Début"},
				{"end", TypeDate, "Fin"},
				{"stage", TypeString, "Étape du cycle de vie (création, pilotage, évaluation)"},
				{"length_km", TypeNumber, "Longueur du lien (km, sur la sphère)"},
			}},
		{ID: CollectionAlliances, Title: "Alliances territoriales", GeometryType: "Point", IDType: TypeInteger,
			Queryables: []string{"name", "stake", "territory", "territory_level", "illustrative"},
			// No member counts: counting them cost 130 of a 154 ms tile of
			// 5 497 alliances; the popup reads the item.
			TileFields:  []string{"name", "territory", "territory_level", "stake", "start_year"},
			Description: "Alliances territoriales : collectifs d'acteurs d'au moins deux mondes autour d'un enjeu du territoire.",
			Properties: []Property{
				{"name", TypeString, "Nom"},
				{"territory", TypeString, "Code du territoire"},
				{"territory_level", TypeString, "Niveau du territoire"},
				{"stake", TypeString, "Enjeu"},
				{"start_year", TypeInteger, "Année de création"},
				{"members", TypeInteger, "Nombre de membres"},
				{"worlds", TypeInteger, "Nombre de mondes représentés"},
				{"member_list", TypeString, "Membres : texte JSON d'une liste (acteur, nom, type, monde et rôle de chacun)"},
				{"illustrative", TypeBoolean, "Exemple cité par le MOOC"},
			}},
	}
	return append(list, territoryCollections()...)
}

// territoryCollections are the four territory layers, widest first.
func territoryCollections() []Collection {
	return []Collection{
		{ID: CollectionRegions, Title: "Régions", GeometryType: "MultiPolygon", IDType: TypeString, Level: geo.LevelRegion,
			Queryables: territoryQueryables(), TileFields: territoryTileFields(), Description: "Régions (union exacte de leurs communes, contours IGN Admin Express COG 2018).", Properties: territoryProperties()},
		{ID: CollectionDepartements, Title: "Départements", GeometryType: "MultiPolygon", IDType: TypeString, Level: geo.LevelDepartement,
			Queryables: territoryQueryables(), TileFields: territoryTileFields(), Description: "Départements (union exacte de leurs communes, contours IGN Admin Express COG 2018).", Properties: territoryProperties()},
		{ID: CollectionEPCIs, Title: "EPCI", GeometryType: "MultiPolygon", IDType: TypeString, Level: geo.LevelEPCI,
			Queryables: territoryQueryables(), TileFields: territoryTileFields(), Description: "Établissements publics de coopération intercommunale à fiscalité propre (union exacte de leurs communes).", Properties: territoryProperties()},
		{ID: CollectionCommunes, Title: "Communes", GeometryType: "MultiPolygon", IDType: TypeString, Level: geo.LevelCommune,
			// Code alone: the zoom-5 tile of eastern France holds 17 000
			// communes (670 KB with their codes, 1.2 MB with names too).
			Queryables: territoryQueryables(), TileFields: []string{"code"}, Description: "Communes (contours IGN Admin Express COG 2018, Licence Ouverte ; une commune sans contour a une cellule approchée, signalée approximate).", Properties: territoryProperties()},
	}
}

// LookupCollection returns the collection with the given id.
func LookupCollection(id string) (Collection, bool) {
	for _, c := range Catalog() {
		if c.ID == id {
			return c, true
		}
	}
	return Collection{}, false
}

// LookupTerritoryCollection returns the territory collection of a level.
func LookupTerritoryCollection(l geo.Level) (Collection, bool) {
	return LookupCollection(CollectionOfLevel(l))
}

// CollectionOfLevel returns the territory collection id of a level.
func CollectionOfLevel(l geo.Level) string {
	switch l {
	case geo.LevelRegion:
		return CollectionRegions
	case geo.LevelDepartement:
		return CollectionDepartements
	case geo.LevelEPCI:
		return CollectionEPCIs
	case geo.LevelCommune:
		return CollectionCommunes
	}
	return ""
}
