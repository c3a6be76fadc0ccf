package server

import (
	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/geo"
)

// pathVocabulary serves the French labels of the codes the API speaks, so
// that the viewer, the portrait page and the OpenAPI document name things
// from one list instead of each keeping its own.
const pathVocabulary = "/api/vocabulary"

// French labels: plural for headings and legends, singular for one item.
var (
	kindLabels = map[geo.ActorKind]string{geo.KindEntreprise: "Entreprises", geo.KindAssociation: "Associations",
		geo.KindCollectivite: "Collectivités", geo.KindEtat: "Services de l'État", geo.KindEnseignement: "Enseignement",
		geo.KindClubEntreprises: "Clubs d'entreprises", geo.KindAutre: "Autres"}
	kindSingular = map[geo.ActorKind]string{geo.KindEntreprise: "Entreprise", geo.KindAssociation: "Association",
		geo.KindCollectivite: "Collectivité", geo.KindEtat: "Service de l'État", geo.KindEnseignement: "Établissement d'enseignement",
		geo.KindClubEntreprises: "Club d'entreprises", geo.KindAutre: "Autre acteur"}
	// kindColors are ColorBrewer Set2 plus a grey for "autre": told apart
	// by colour-blind readers too.
	kindColors = map[geo.ActorKind]string{geo.KindEntreprise: "#fc8d62", geo.KindAssociation: "#66c2a5",
		geo.KindCollectivite: "#8da0cb", geo.KindEtat: "#e78ac3", geo.KindEnseignement: "#a6d854",
		geo.KindClubEntreprises: "#ffd92f", geo.KindAutre: "#b3b3b3"}
	categoryLabels = map[geo.Category]string{geo.CategoryMecenat: "Mécénat", geo.CategoryPratiquesResponsables: "Pratiques responsables",
		geo.CategoryCooperationEconomique: "Coopération économique", geo.CategoryInnovationSocietale: "Innovation sociétale"}
	scaleLabels = map[geo.Scale]string{geo.ScaleLocal: "Local", geo.ScaleRegional: "Régional",
		geo.ScaleNational: "National", geo.ScaleInternational: "International"}
	scaleColors = map[geo.Scale]string{geo.ScaleLocal: "#1b9e77", geo.ScaleRegional: "#7570b3",
		geo.ScaleNational: "#d95f02", geo.ScaleInternational: "#e7298a"}
	stageLabels = map[geo.Stage]string{geo.StageCreation: "Création", geo.StagePilotage: "Pilotage",
		geo.StageEvaluation: "Évaluation"}
	levelLabels = map[geo.Level]string{geo.LevelRegion: "Région", geo.LevelDepartement: "Département",
		geo.LevelEPCI: "EPCI", geo.LevelCommune: "Commune"}
)

// term is one code with its French label (and colour where the map draws
// it), in the order the lists are meant to be shown.
type term struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Singular string `json:"singular,omitempty"`
	Color    string `json:"color,omitempty"`
}

type vocabularyDoc struct {
	Kinds      []term `json:"kinds"`
	Categories []term `json:"categories"`
	Domains    []term `json:"domains"`
	Scales     []term `json:"scales"`
	Stages     []term `json:"stages"`
	Levels     []term `json:"levels"`
}

// newVocabulary lists every code of geo in geo's own order.
func newVocabulary() vocabularyDoc {
	var v vocabularyDoc
	for _, k := range geo.ActorKinds {
		v.Kinds = append(v.Kinds, term{Code: string(k), Label: kindLabels[k], Singular: kindSingular[k], Color: kindColors[k]})
	}
	for _, c := range geo.Categories {
		v.Categories = append(v.Categories, term{Code: string(c), Label: categoryLabels[c]})
	}
	for _, d := range geo.Domains {
		v.Domains = append(v.Domains, term{Code: string(d), Label: geo.DomainLabel(d)})
	}
	for _, s := range geo.Scales {
		v.Scales = append(v.Scales, term{Code: string(s), Label: scaleLabels[s], Color: scaleColors[s]})
	}
	for _, st := range geo.Stages {
		v.Stages = append(v.Stages, term{Code: string(st), Label: stageLabels[st]})
	}
	for _, l := range geo.Levels {
		v.Levels = append(v.Levels, term{Code: string(l), Label: levelLabels[l]})
	}
	return v
}

// vocabulary serves GET /api/vocabulary.
func (s *Server) vocabulary(c echo.Context) error {
	if err := checkNoParams(c); err != nil {
		return err
	}
	return c.JSON(200, newVocabulary())
}

// addVocabularyPath declares GET /api/vocabulary.
func addVocabularyPath(doc oaDoc, root []oaServer) {
	str := schema{"type": "string"}
	list := schema{"type": "array", "items": schema{"type": "object", "required": []string{"code", "label"},
		"properties": schema{"code": str, "label": str, "singular": str, "color": str}}}
	doc.Paths[pathVocabulary] = &oaPathItem{Servers: root, Get: &oaOperation{
		Tags: []string{tagData}, Summary: "Libellés français des codes de l'API", OperationID: "getVocabulary",
		Description: "Types d'acteurs, catégories et domaines de partenariat, échelles, étapes du cycle de vie des partenariats et niveaux de territoire, " +
			"dans l'ordre où les montrer, avec la couleur de la carte quand elle en a une.",
		Responses: map[string]oaResponse{
			"200": {Description: "Les libellés", Content: map[string]oaMedia{mediaJSON: {Schema: schema{"type": "object",
				"required":   []string{"kinds", "categories", "domains", "scales", "levels"},
				"properties": schema{"kinds": list, "categories": list, "domains": list, "scales": list, "levels": list}}}}},
			"400": refResponse("InvalidParameter"),
		},
	}}
}
