package storetest

import (
	"slices"
	"strings"
	"time"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// EPCI codes of the fixture (valid SIRENs). epciDombes spans départements
// 01 and 69, so it has no département code.
const (
	epciLyon    = "200046977"
	epciDombes  = "240100750"
	epciAvignon = "248400251"
	epciMGP     = "200054781"
	epciCINOR   = "249740119"
)

// box is the rectangle [x0,x1]×[y0,y1] as a closed, counter-clockwise ring.
func box(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func multi(rings ...orb.Ring) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, len(rings))
	for i, r := range rings {
		mp[i] = orb.Polygon{r}
	}
	return mp
}

func date(s string) time.Time {
	t, err := time.Parse(geo.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Fixture returns the contract dataset, fresh on each call: five régions
// (one overseas, one a two-part MultiPolygon, Corse), seven départements
// (one L-shaped, one sharing its code "84" with a région, Corse-du-Sud
// "2A"), five EPCIs (one spanning two départements), ten communes (one
// Corsican, "2A041"), eleven actors (one abroad, one overseas), ten
// partnerships covering every scale and its traps, five alliances and four
// indicators (a ratio, a weighted mean and a sum at commune level, a weighted
// mean at département level) whose roll-ups are hand-computed in
// storetest_indicators.go. Slices are in id order; Derive-style values
// (scales, alliance history) are left zero: stores derive them.
func Fixture() *dataset.Dataset {
	ds := &dataset.Dataset{ScaleFactor: 100}
	reg := func(code, name string, geom orb.Geometry, pop int64) geo.Territory {
		return geo.Territory{Code: code, Name: name, Level: geo.LevelRegion, Population: pop, Geometry: geom}
	}
	dep := func(code, name, region string, geom orb.Geometry, pop int64) geo.Territory {
		return geo.Territory{Code: code, Name: name, Level: geo.LevelDepartement, RegionCode: region,
			Population: pop, Geometry: geom}
	}
	epci := func(code, name, region, dep string, p orb.Point, pop int64) geo.Territory {
		return geo.Territory{Code: code, Name: name, Level: geo.LevelEPCI, RegionCode: region,
			DepartementCode: dep, Population: pop, Geometry: p, Approximate: true}
	}
	com := func(code, name, region, dep, epci string, p orb.Point, pop int64, typ geo.Typology) geo.Territory {
		return geo.Territory{Code: code, Name: name, Level: geo.LevelCommune, RegionCode: region,
			DepartementCode: dep, EPCICode: epci, Population: pop, Geometry: p, Approximate: true, Typology: typ}
	}
	ain := orb.MultiPolygon{{orb.Ring{{4.95, 45.6}, {6.0, 45.6}, {6.0, 46.5}, {5.5, 46.5}, {5.5, 46.0}, {4.95, 46.0}, {4.95, 45.6}}}}
	ds.Territories = []geo.Territory{
		reg("04", "La Réunion", multi(box(55.2, -21.4, 55.85, -20.85)), 873102),
		dep("01", "Ain", "84", ain, 657856),
		reg("11", "Île-de-France", multi(box(1.45, 48.1, 3.56, 49.24), box(2.0, 47.9, 2.1, 47.95)), 12271794),
		dep("38", "Isère", "84", multi(box(4.95, 44.9, 6.4, 45.6)), 1271166),
		dep("69", "Rhône", "84", multi(box(4.2, 45.45, 4.95, 46.3)), 1883437),
		dep("75", "Paris", "11", multi(box(2.22, 48.81, 2.47, 48.91)), 2133111),
		reg("84", "Auvergne-Rhône-Alpes", multi(box(4.2, 44.9, 6.5, 46.6)), 8114361),
		dep("84", "Vaucluse", "93", multi(box(4.6, 43.65, 5.8, 44.4)), 561469),
		reg("93", "Provence-Alpes-Côte d'Azur", multi(box(4.2, 43.0, 7.7, 44.9)), 5131187),
		dep("974", "La Réunion", "04", multi(box(55.2, -21.4, 55.85, -20.85)), 873102),
		// Corsica's codes mix letters into digits: "2A" sorts after "29"
		// and before "30" bytewise, which a numeric cursor would get wrong.
		reg("94", "Corse", multi(box(8.5, 41.3, 9.6, 43.1)), 347597),
		dep("2A", "Corse-du-Sud", "94", multi(box(8.5, 41.3, 9.4, 42.4)), 160814),
		com("2A041", "Bonifacio", "94", "2A", "", orb.Point{9.159, 41.3875}, 3258, geo.Typology{DensityClass: 6, NaturalPark: true}),
		com("01249", "Miribel", "84", "01", epciDombes, orb.Point{5.0181, 45.825}, 10038, geo.Typology{DensityClass: 3}),
		com("38185", "Grenoble", "84", "38", "", orb.Point{5.7245, 45.1885}, 156389, geo.Typology{DensityClass: 1, QPVShare: 0.18}),
		com("69123", "Lyon", "84", "69", epciLyon, orb.Point{4.8357, 45.764}, 522228,
			geo.Typology{DensityClass: 1, QPVShare: 0.12, NaturalPark: false}),
		com("69199", "Genay", "84", "69", epciDombes, orb.Point{4.8403, 45.8964}, 5452, geo.Typology{DensityClass: 4}),
		com("69243", "Tarare", "84", "69", "", orb.Point{4.4331, 45.896}, 10870,
			geo.Typology{DensityClass: 5, RuralRevitalisation: true, NaturalPark: true}),
		com("69266", "Villeurbanne", "84", "69", epciLyon, orb.Point{4.8799, 45.7719}, 156928, geo.Typology{DensityClass: 1, QPVShare: 0.25}),
		com("75056", "Paris", "11", "75", epciMGP, orb.Point{2.3522, 48.8566}, 2133111, geo.Typology{DensityClass: 1, QPVShare: 0.08}),
		com("84007", "Avignon", "93", "84", epciAvignon, orb.Point{4.8055, 43.9493}, 91143, geo.Typology{DensityClass: 2, QPVShare: 0.3}),
		com("97411", "Saint-Denis", "04", "974", epciCINOR, orb.Point{55.4504, -20.8823}, 153001, geo.Typology{DensityClass: 2}),
		epci(epciLyon, "Métropole de Lyon", "84", "69", orb.Point{4.85, 45.77}, 1424069),
		epci(epciMGP, "Métropole du Grand Paris", "11", "75", orb.Point{2.35, 48.85}, 7075028),
		epci(epciDombes, "CC Dombes-Saône", "84", "", orb.Point{4.93, 45.86}, 15490),
		epci(epciAvignon, "CA du Grand Avignon", "93", "84", orb.Point{4.85, 43.95}, 197000),
		epci(epciCINOR, "CINOR", "04", "974", orb.Point{55.5, -20.9}, 206000),
	}
	sortTerritories(ds.Territories)

	ds.Indicators = []geo.Indicator{
		{ID: "apl_medecins", Label: "Accessibilité potentielle localisée aux médecins généralistes", Theme: "santé",
			Unit: "consultations/an/habitant", Source: "synthétique", Year: 2022, FinestLevel: geo.LevelCommune,
			Aggregation: geo.AggregationWeightedMean, Scale: 1, Synthetic: true, Domains: []geo.Domain{geo.DomainSante}},
		{ID: "chomage", Label: "Taux de chômage localisé", Theme: "emploi", Unit: "%", Source: "synthétique",
			Year: 2023, FinestLevel: geo.LevelCommune, HigherIsWorse: true, Aggregation: geo.AggregationRatio,
			Scale: 100, Synthetic: true, Domains: []geo.Domain{geo.DomainInsertionEmploi}},
		{ID: "equipements", Label: "Équipements culturels et sportifs", Theme: "équipements", Unit: "équipements",
			Source: "synthétique", Year: 2022, FinestLevel: geo.LevelCommune, Aggregation: geo.AggregationSum,
			Scale: 1, Synthetic: true, Domains: []geo.Domain{geo.DomainCulture, geo.DomainSport}},
		{ID: "revenu_median", Label: "Revenu médian", Theme: "pauvreté", Unit: "€", Source: "synthétique",
			Year: 2021, FinestLevel: geo.LevelDepartement, Aggregation: geo.AggregationWeightedMean,
			Scale: 1, Synthetic: true, Domains: []geo.Domain{geo.DomainSolidarite}},
	}
	ds.IndicatorValues = []geo.IndicatorValue{
		{IndicatorID: "apl_medecins", TerritoryCode: "2A041", Year: 2022, Value: 1},
		{IndicatorID: "apl_medecins", TerritoryCode: "69123", Year: 2022, Value: 4},
		{IndicatorID: "apl_medecins", TerritoryCode: "69243", Year: 2022, Value: 2},
		{IndicatorID: "apl_medecins", TerritoryCode: "69266", Year: 2022, Value: 3},
		{IndicatorID: "chomage", TerritoryCode: "01249", Year: 2023, Value: 5, Numerator: 3, Denominator: 60},
		{IndicatorID: "chomage", TerritoryCode: "38185", Year: 2023, Value: 8, Numerator: 20, Denominator: 250},
		{IndicatorID: "chomage", TerritoryCode: "69123", Year: 2022, Value: 9, Numerator: 18, Denominator: 200},
		{IndicatorID: "chomage", TerritoryCode: "69123", Year: 2023, Value: 9.5, Numerator: 19, Denominator: 200},
		{IndicatorID: "chomage", TerritoryCode: "69199", Year: 2023, Value: 2.5, Numerator: 1, Denominator: 40},
		{IndicatorID: "chomage", TerritoryCode: "69266", Year: 2023, Value: 12, Numerator: 12, Denominator: 100},
		{IndicatorID: "chomage", TerritoryCode: "84007", Year: 2023, Value: 15, Numerator: 30, Denominator: 200},
		{IndicatorID: "equipements", TerritoryCode: "69123", Year: 2022, Value: 120},
		{IndicatorID: "equipements", TerritoryCode: "69199", Year: 2022, Value: 2},
		{IndicatorID: "equipements", TerritoryCode: "69266", Year: 2022, Value: 30},
		{IndicatorID: "equipements", TerritoryCode: "84007", Year: 2022, Value: 15},
		{IndicatorID: "revenu_median", TerritoryCode: "69", Year: 2021, Value: 23500},
		{IndicatorID: "revenu_median", TerritoryCode: "84", Year: 2021, Value: 20100},
	}

	ds.Actors = fixtureActors()
	ds.Partnerships = fixturePartnerships()
	ds.Alliances = []geo.Alliance{
		{ID: 201, Name: "Fil Rouge Lyon", TerritoryLevel: geo.LevelCommune, TerritoryCode: "69123", Stake: geo.DomainInsertionEmploi, StartYear: 2012,
			Illustrative: true, Members: []geo.AllianceMember{member(1, geo.RoleFacilitateur), member(2, geo.RoleOperateur), member(3, geo.RoleFinanceur)}},
		// "84" is the département (Vaucluse), not the région.
		{ID: 202, Name: "Alliance vauclusienne", TerritoryLevel: geo.LevelDepartement, TerritoryCode: "84", Stake: geo.DomainCulture, StartYear: 2015,
			Members: []geo.AllianceMember{member(4, geo.RoleExpert), member(5, geo.RoleOperateur)}},
		{ID: 203, Name: "Lyon Métropole Emploi", TerritoryLevel: geo.LevelEPCI, TerritoryCode: epciLyon, Stake: geo.DomainInsertionEmploi, StartYear: 2018,
			Members: []geo.AllianceMember{member(1, geo.RoleFinanceur), member(11, geo.RoleFacilitateur)}},
		{ID: 204, Name: "Silver Geek Île-de-France", TerritoryLevel: geo.LevelRegion, TerritoryCode: "11", Stake: geo.DomainNumerique,
			Members: []geo.AllianceMember{member(6, geo.RoleFinanceur)}},
		// No start year: it must not hide the first years of its EPCI and
		// parents.
		{ID: 205, Name: "Collectif villeurbannais", TerritoryLevel: geo.LevelCommune, TerritoryCode: "69266", Stake: geo.DomainSolidarite,
			Members: []geo.AllianceMember{member(2, geo.RoleOperateur), member(11, geo.RoleFinanceur)}},
	}
	return ds
}

func member(actor int64, role geo.Role) geo.AllianceMember {
	return geo.AllianceMember{ActorID: actor, Role: role}
}

func fixtureActors() []geo.Actor {
	d := func(ds ...geo.Domain) []geo.Domain { return ds }
	return []geo.Actor{
		{ID: 1, Name: "Industries Lumière", Kind: geo.KindEntreprise, SIREN: "552032534", CommuneCode: "69123",
			Country: "FR", Location: orb.Point{4.84, 45.76}, Precision: geo.PrecisionExact, Employees: 1200,
			Sector: geo.SectorIndustrie, Reach: geo.ScaleNational,
			Domains: d(geo.DomainInsertionEmploi, geo.DomainEducationJeunesse)},
		{ID: 2, Name: "Insertion Villeurbanne", Kind: geo.KindAssociation, RNA: "W691234567", CommuneCode: "69266",
			Country: "FR", Location: orb.Point{4.88, 45.77}, Precision: geo.PrecisionExact, Employees: 25,
			Employer: true, Insertion: true, Reach: geo.ScaleLocal, Domains: d(geo.DomainInsertionEmploi)},
		{ID: 3, Name: "Mairie de Lyon", Kind: geo.KindCollectivite, SIREN: "216901231", CommuneCode: "69123",
			Country: "FR", Location: orb.Point{4.8357, 45.764}, Precision: geo.PrecisionCommune, Employees: 8000,
			Sector: geo.SectorPublic, Reach: geo.ScaleLocal},
		{ID: 4, Name: "Université de Grenoble", Kind: geo.KindEnseignement, CommuneCode: "38185", Country: "FR",
			Location: orb.Point{5.77, 45.19}, Precision: geo.PrecisionExact, Employees: 7000, Sector: geo.SectorPublic,
			Reach: geo.ScaleRegional, Domains: d(geo.DomainEducationJeunesse)},
		{ID: 5, Name: "Avignon Solidarités", Kind: geo.KindAssociation, RNA: "W842000123", CommuneCode: "84007",
			Country: "FR", Location: orb.Point{4.81, 43.95}, Precision: geo.PrecisionApproximate,
			Domains: d(geo.DomainSolidarite, geo.DomainCulture)},
		{ID: 6, Name: "Services Paris", Kind: geo.KindEntreprise, SIREN: "443061841", CommuneCode: "75056",
			Country: "FR", Location: orb.Point{2.34, 48.86}, Precision: geo.PrecisionExact, Employees: 50,
			Sector: geo.SectorServices, Reach: geo.ScaleNational, Domains: d(geo.DomainNumerique)},
		{ID: 7, Name: "Réunion Sport", Kind: geo.KindAssociation, CommuneCode: "97411", Country: "FR",
			Location: orb.Point{55.45, -20.88}, Precision: geo.PrecisionCommune, Employer: true, Employees: 3,
			Reach: geo.ScaleRegional, Domains: d(geo.DomainSport)},
		{ID: 8, Name: "Fondation Léman SA", Kind: geo.KindEntreprise, Country: "CH", Location: orb.Point{6.1432, 46.2044},
			Precision: geo.PrecisionExact, Employees: 300, Sector: geo.SectorServices, Reach: geo.ScaleInternational,
			Domains: d(geo.DomainEnvironnement)},
		{ID: 9, Name: "Club Dombes Entreprendre", Kind: geo.KindClubEntreprises, CommuneCode: "01249", Country: "FR",
			Location: orb.Point{5.02, 45.83}, Precision: geo.PrecisionCommune, Reach: geo.ScaleLocal},
		{ID: 10, Name: "Genay Jeunesse", Kind: geo.KindAssociation, CommuneCode: "69199", Country: "FR",
			Location: orb.Point{4.84, 45.9}, Precision: geo.PrecisionApproximate, Domains: d(geo.DomainEducationJeunesse)},
		{ID: 11, Name: "Agence pour l'emploi de Tarare", Kind: geo.KindEtat, CommuneCode: "69243", Country: "FR",
			Location: orb.Point{4.43, 45.9}, Precision: geo.PrecisionApproximate, Employees: 12,
			Sector: geo.SectorPublic, Domains: d(geo.DomainInsertionEmploi)},
	}
}

func fixturePartnerships() []geo.Partnership {
	p := func(id, a, b int64, c geo.Category, d geo.Domain, start, end string, stage geo.Stage) geo.Partnership {
		pt := geo.Partnership{ID: id, ActorA: a, ActorB: b, Category: c, Domain: d, Start: date(start), Stage: stage}
		if end != "" {
			pt.End = date(end)
		}
		return pt
	}
	const creation, pilotage, evaluation = geo.StageCreation, geo.StagePilotage, geo.StageEvaluation
	return []geo.Partnership{
		p(101, 1, 2, geo.CategoryMecenat, geo.DomainInsertionEmploi, "2019-03-01", "", pilotage),
		p(102, 1, 3, geo.CategoryPratiquesResponsables, geo.DomainEducationJeunesse, "2020-01-15", "2022-06-30", evaluation),
		p(103, 9, 10, geo.CategoryCooperationEconomique, geo.DomainEducationJeunesse, "2021-09-01", "", pilotage),
		p(104, 1, 4, geo.CategoryInnovationSocietale, geo.DomainEducationJeunesse, "2018-05-20", "", evaluation),
		p(105, 11, 1, geo.CategoryMecenat, geo.DomainInsertionEmploi, "2017-02-01", "", pilotage),
		p(106, 1, 6, geo.CategoryCooperationEconomique, geo.DomainNumerique, "2016-11-10", "", pilotage),
		p(107, 5, 4, geo.CategoryMecenat, geo.DomainCulture, "2022-04-01", "", creation),
		p(108, 7, 6, geo.CategoryMecenat, geo.DomainSport, "2015-06-01", "2019-12-31", evaluation),
		p(109, 8, 1, geo.CategoryInnovationSocietale, geo.DomainEnvironnement, "2023-01-01", "", creation),
		// 110's stage is unknown: a null, which no equality matches.
		p(110, 2, 10, geo.CategoryPratiquesResponsables, geo.DomainSolidarite, "2020-10-05", "", ""),
	}
}

// sortTerritories orders territories by code bytewise, then from the widest
// level, the order dataset.Dataset promises.
func sortTerritories(ts []geo.Territory) {
	rank := func(l geo.Level) int { return slices.Index(geo.Levels, l) }
	slices.SortStableFunc(ts, func(a, b geo.Territory) int {
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return rank(a.Level) - rank(b.Level)
	})
}
