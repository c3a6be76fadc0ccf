package demo

import "fmt"

// Word lists for synthetic names. Every synthetic name ends with the commune
// so that the map stays readable; none is meant to be a real organisation.
var (
	companyStems = []string{"Ateliers", "Établissements", "Transports", "Menuiserie", "Boulangerie",
		"Imprimerie", "Conseil", "Garage", "Bâtiment", "Logistique", "Mécanique", "Informatique",
		"Laiterie", "Fonderie", "Textiles", "Distribution", "Services", "Ingénierie", "Plasturgie", "Cartonnages"}
	companyTails = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
		"Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
		"Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier"}
	associationStems = map[string][]string{
		"insertion_emploi":   {"Chantier d'insertion", "Emploi Solidaire", "Tremplin", "Passerelle Emploi"},
		"diversite_handicap": {"Handi'Cap", "Accueil et Différence", "Tous Ensemble"},
		"education_jeunesse": {"Réussite Éducative", "Coup de Pouce", "Jeunesse et Avenir", "Aide aux Devoirs"},
		"culture":            {"Compagnie", "Festival", "Harmonie", "Théâtre", "Cinéma"},
		"sport":              {"Union Sportive", "Football Club", "Judo Club", "Cyclo Club", "Athlétisme"},
		"environnement":      {"Nature et Vie", "Jardins Partagés", "Repair Café", "Rivières Vivantes"},
		"sante":              {"Prévention Santé", "Maison des Aidants", "Entraide Santé"},
		"numerique":          {"Fab Lab", "Numérique Solidaire", "Espace Public Numérique"},
		"solidarite":         {"Secours Solidaire", "Épicerie Solidaire", "Restos du Quartier", "Entraide"},
		"mobilite":           {"Garage Solidaire", "Auto-École Sociale", "Mobilité Partagée"},
		"autre":              {"Comité des Fêtes", "Amicale", "Foyer Rural"},
	}
	schoolStems = []string{"Lycée professionnel", "Lycée", "Collège", "IUT", "Université", "École d'ingénieurs", "CFA"}
	clubStems   = []string{"Club des entreprises", "Réseau Entreprendre", "Cercle des dirigeants", "Club d'entreprises"}
	otherStems  = []string{"Fondation", "Fonds de dotation", "Coopérative", "Mutuelle"}
	stateStems  = []string{"Pôle emploi", "Direction départementale", "Sous-préfecture", "Agence régionale de santé", "Caisse d'allocations familiales"}
)

func companyName(r *rng, commune string) string {
	return fmt.Sprintf("%s %s (%s)", companyStems[r.intn(len(companyStems))], companyTails[r.intn(len(companyTails))], commune)
}

func associationName(r *rng, domain, commune string) string {
	stems := associationStems[domain]
	return fmt.Sprintf("%s de %s", stems[r.intn(len(stems))], commune)
}

func stemName(r *rng, stems []string, commune string) string {
	return fmt.Sprintf("%s de %s", stems[r.intn(len(stems))], commune)
}
