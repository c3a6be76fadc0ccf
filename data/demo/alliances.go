package demo

import (
	"fmt"

	"github.com/maillage/maillage/geo"
)

// illustrativeMember is an actor the seed names in an alliance, with its role.
type illustrativeMember struct {
	name string
	kind geo.ActorKind
	role geo.Role
}

// illustrative are the three alliances the seed names (module 2 of the MOOC
// "Alliances territoriales"), with the members it cites. Their actors are
// added to the dataset under the names the seed gives.
var illustrative = []struct {
	name      string
	level     geo.Level
	territory string
	commune   string
	stake     geo.Domain
	year      int
	members   []illustrativeMember
}{
	{"Fil Rouge Charenton–Saint-Maurice", geo.LevelCommune, "94018", "94018", geo.DomainEducationJeunesse, 2012, []illustrativeMember{
		{"Mairie de Charenton-le-Pont", geo.KindCollectivite, geo.RoleFacilitateur},
		{"Club Gravelle Entreprendre", geo.KindClubEntreprises, geo.RoleOperateur},
		{"Lycée partenaire de Charenton-le-Pont", geo.KindEnseignement, geo.RoleOperateur},
		{"Lyonnaise des eaux", geo.KindEntreprise, geo.RoleFinanceur},
	}},
	{"Labo des partenariats (Alsace)", geo.LevelDepartement, "67", "67482", geo.DomainAutre, 2013, []illustrativeMember{
		{"Le Labo des partenariats", geo.KindAssociation, geo.RoleFacilitateur},
		{"Collectivité européenne d'Alsace", geo.KindCollectivite, geo.RoleFinanceur},
		{"Université de Strasbourg", geo.KindEnseignement, geo.RoleExpert},
	}},
	{"Silver Geek (Poitou-Charentes)", geo.LevelDepartement, "86", "86194", geo.DomainNumerique, 2014, []illustrativeMember{
		{"Unis-Cité", geo.KindAssociation, geo.RoleOperateur},
		{"ADB Solidatech", geo.KindAssociation, geo.RoleExpert},
		{"Département de la Vienne — Silver Geek", geo.KindCollectivite, geo.RoleFacilitateur},
	}},
}

// allianceStakes is how often each domain is an alliance's stake; employment
// first, as everywhere in the PHARE surveys.
var allianceStakes = map[geo.Domain]float64{
	geo.DomainInsertionEmploi: 0.32, geo.DomainEducationJeunesse: 0.16, geo.DomainSolidarite: 0.12,
	geo.DomainDiversiteHandicap: 0.08, geo.DomainEnvironnement: 0.08, geo.DomainSante: 0.06,
	geo.DomainNumerique: 0.05, geo.DomainMobilite: 0.05, geo.DomainCulture: 0.04, geo.DomainSport: 0.04,
}

// addIllustrativeActors adds the actors the seed names, outside the
// calibrated populations (they are appended after every other actor and do
// not partner, so no figure moves).
func (gen *generator) addIllustrativeActors() [][]int {
	g := gen.geo
	out := make([][]int, len(illustrative))
	for k, al := range illustrative {
		for _, m := range al.members {
			a := geo.Actor{Name: m.name, Kind: m.kind, CommuneCode: al.commune, Country: "FR",
				Location: g.point(al.commune), Precision: geo.PrecisionCommune, Reach: geo.ScaleLocal}
			switch m.kind {
			case geo.KindEntreprise:
				a.Employees, a.Sector, a.Reach = 5000, geo.SectorServices, geo.ScaleNational
			case geo.KindAssociation:
				a.Employer, a.Employees, a.Reach = true, 20, geo.ScaleNational
			}
			idx := gen.pop.add(a, g.place(al.commune))
			out[k] = append(out[k], idx)
		}
	}
	return out
}

// alliances draws the synthetic alliances, then appends the illustrative
// ones. Each synthetic alliance sits in an EPCI, a commune or a département,
// gathers 3 to 7 actors located there from at least two worlds, and has one
// facilitator.
func (gen *generator) alliances(illustrativeMembers [][]int, n int) []geo.Alliance {
	r := gen.r.fork("alliances")
	byLocal := map[string][]int{}
	byDep := map[string][]int{}
	for i, p := range gen.pop.places {
		if p.Abroad() {
			continue
		}
		byLocal[localKey(p)] = append(byLocal[localKey(p)], i)
		byDep[p.Departement] = append(byDep[p.Departement], i)
	}
	stakes := make([]float64, len(geo.Domains))
	for i, d := range geo.Domains {
		stakes[i] = allianceStakes[d]
	}
	var out []geo.Alliance
	for tries := 0; len(out) < n && tries < 50*n; tries++ {
		anchor := gen.pop.places[gen.pop.add0(r)]
		level, territory, pool := geo.LevelEPCI, anchor.EPCI, byLocal[localKey(anchor)]
		switch x := r.float(); {
		case x < 0.25 || territory == "":
			level, territory = geo.LevelCommune, anchor.Commune
		case x > 0.8:
			level, territory, pool = geo.LevelDepartement, anchor.Departement, byDep[anchor.Departement]
		}
		if len(pool) < 3 {
			continue
		}
		size := 3 + r.intn(5)
		chosen := map[int]bool{}
		for t := 0; len(chosen) < size && t < 40; t++ {
			chosen[pool[r.intn(len(pool))]] = true
		}
		var members []int
		worlds := map[geo.World]bool{}
		for _, i := range pool { // pool order keeps the result deterministic
			if chosen[i] {
				members = append(members, i)
				worlds[gen.pop.actors[i].Kind.World()] = true
				delete(chosen, i)
			}
		}
		if len(worlds) < 2 {
			continue
		}
		stake := geo.Domains[r.pick(stakes)]
		al := geo.Alliance{ID: int64(len(out) + 1), TerritoryLevel: level, TerritoryCode: territory, Stake: stake, StartYear: 2008 + r.intn(9),
			Name: fmt.Sprintf("Alliance %s — %s", stakeLabel[stake], gen.geo.name(level, territory))}
		for k, i := range members {
			role := []geo.Role{geo.RoleOperateur, geo.RoleFinanceur, geo.RoleExpert}[r.intn(3)]
			if k == 0 {
				role = geo.RoleFacilitateur
			}
			if gen.pop.actors[i].Kind == geo.KindEntreprise && role == geo.RoleOperateur {
				role = geo.RoleFinanceur
			}
			al.Members = append(al.Members, geo.AllianceMember{ActorID: gen.pop.actors[i].ID, Role: role})
		}
		out = append(out, al)
	}
	for k, al := range illustrative {
		a := geo.Alliance{ID: int64(len(out) + 1), Name: al.name, TerritoryLevel: al.level, TerritoryCode: al.territory, Stake: al.stake,
			StartYear: al.year, Illustrative: true}
		for m, i := range illustrativeMembers[k] {
			a.Members = append(a.Members, geo.AllianceMember{ActorID: gen.pop.actors[i].ID, Role: al.members[m].role})
		}
		out = append(out, a)
	}
	return out
}

// add0 draws an actor index in proportion to nothing but count: alliances
// arise where actors are.
func (p *population) add0(r *rng) int { return r.intn(len(p.actors)) }

// stakeLabel names a domain in French for alliance names.
var stakeLabel = map[geo.Domain]string{
	geo.DomainInsertionEmploi: "emploi", geo.DomainDiversiteHandicap: "handicap", geo.DomainEducationJeunesse: "jeunesse",
	geo.DomainCulture: "culture", geo.DomainSport: "sport", geo.DomainEnvironnement: "transition écologique",
	geo.DomainSante: "santé", geo.DomainNumerique: "numérique", geo.DomainSolidarite: "solidarités",
	geo.DomainMobilite: "mobilité", geo.DomainAutre: "territoire",
}
