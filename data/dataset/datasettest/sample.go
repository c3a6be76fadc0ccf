// Package datasettest builds small datasets for tests of the readers, the
// stores and the server: real INSEE codes and SIRENs, simplified geometry.
// It imports geo and data/dataset only.
package datasettest

import (
	"time"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// Sample returns a fresh, derived dataset (see dataset.Derive): three régions
// (84 Auvergne-Rhône-Alpes, 11 Île-de-France, 93 Provence-Alpes-Côte d'Azur)
// and La Réunion (04), some of their départements as rectangles (including
// Vaucluse, whose code 84 is also a région's), two EPCIs and five communes as points, seven
// actors (one in Geneva), five partnerships of every scale, two alliances and
// two indicators. Each call builds new slices, so tests may modify them.
//
// Derived values, for assertions: partnerships 1 local, 2 regional, 3
// national, 4 international, 5 local; alliances count 1 (first year 2012)
// for 69123 and 200046977, 2 (2012) for 69 and 84.
func Sample() *dataset.Dataset {
	ds := &dataset.Dataset{
		Territories:     territories(),
		Indicators:      indicators(),
		IndicatorValues: values(),
		Actors:          actors(),
		Partnerships:    partnerships(),
		Alliances:       alliances(),
	}
	dataset.Sort(ds)
	if err := dataset.Derive(ds); err != nil {
		panic("datasettest: the sample does not derive: " + err.Error())
	}
	return ds
}

// Box returns the rectangle lon0..lon1 × lat0..lat1 as a one-polygon
// MultiPolygon, counter-clockwise.
func Box(lon0, lat0, lon1, lat1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}
}

func territories() []geo.Territory {
	return []geo.Territory{
		{Code: "84", Name: "Auvergne-Rhône-Alpes", Level: geo.LevelRegion, Population: 8114361,
			Geometry: Box(2.06, 44.11, 7.19, 46.81), Approximate: true},
		{Code: "11", Name: "Île-de-France", Level: geo.LevelRegion, Population: 12358932,
			Geometry: Box(1.44, 48.12, 3.56, 49.25)},
		{Code: "04", Name: "La Réunion", Level: geo.LevelRegion, Population: 873102,
			Geometry: Box(55.21, -21.39, 55.84, -20.87)},
		{Code: "93", Name: "Provence-Alpes-Côte d'Azur", Level: geo.LevelRegion, Population: 5098666,
			Geometry: Box(4.23, 42.98, 7.72, 45.13)},
		{Code: "69", Name: "Rhône", Level: geo.LevelDepartement, RegionCode: "84", Population: 1883437,
			Geometry: Box(4.24, 45.45, 5.16, 46.31), Typology: geo.Typology{DensityClass: 2, QPVShare: 0.081}},
		{Code: "38", Name: "Isère", Level: geo.LevelDepartement, RegionCode: "84", Population: 1282358,
			Geometry: Box(4.9, 44.69, 6.36, 45.89), Typology: geo.Typology{NaturalPark: true}},
		{Code: "75", Name: "Paris", Level: geo.LevelDepartement, RegionCode: "11", Population: 2133111,
			Geometry: Box(2.2241, 48.8156, 2.4699, 48.9022)},
		// Vaucluse shares its code with the région Auvergne-Rhône-Alpes.
		{Code: "84", Name: "Vaucluse", Level: geo.LevelDepartement, RegionCode: "93", Population: 561469,
			Geometry: Box(4.65, 43.66, 5.76, 44.43)},
		{Code: "974", Name: "La Réunion", Level: geo.LevelDepartement, RegionCode: "04", Population: 873102,
			Geometry: Box(55.21, -21.39, 55.84, -20.87)},
		{Code: "200046977", Name: "Métropole de Lyon", Level: geo.LevelEPCI, RegionCode: "84", DepartementCode: "69",
			Population: 1411571, Geometry: orb.Point{4.8467, 45.7485}, Approximate: true},
		{Code: "200054781", Name: "Métropole du Grand Paris", Level: geo.LevelEPCI, RegionCode: "11",
			Population: 7073184, Geometry: orb.Point{2.3488, 48.8534}, Approximate: true},
		{Code: "69123", Name: "Lyon", Level: geo.LevelCommune, RegionCode: "84", DepartementCode: "69", EPCICode: "200046977",
			Population: 522969, Geometry: orb.Point{4.8357, 45.764}, Approximate: true,
			Typology: geo.Typology{DensityClass: 1, QPVShare: 0.12}},
		{Code: "69266", Name: "Villeurbanne", Level: geo.LevelCommune, RegionCode: "84", DepartementCode: "69", EPCICode: "200046977",
			Population: 156928, Geometry: orb.Point{4.8798, 45.7719}, Approximate: true,
			Typology: geo.Typology{DensityClass: 1, QPVShare: 0.23}},
		{Code: "38185", Name: "Grenoble", Level: geo.LevelCommune, RegionCode: "84", DepartementCode: "38",
			Population: 156389, Geometry: orb.Point{5.7245, 45.1885}, Approximate: true},
		{Code: "75056", Name: "Paris", Level: geo.LevelCommune, RegionCode: "11", DepartementCode: "75", EPCICode: "200054781",
			Population: 2133111, Geometry: orb.Point{2.3522, 48.8566}, Approximate: true,
			Typology: geo.Typology{DensityClass: 1, QPVShare: 0.15}},
		{Code: "97411", Name: "Saint-Denis", Level: geo.LevelCommune, RegionCode: "04", DepartementCode: "974",
			Population: 153810, Geometry: orb.Point{55.4504, -20.8823}, Approximate: true,
			Typology: geo.Typology{RuralRevitalisation: false, DensityClass: 2}},
	}
}

func indicators() []geo.Indicator {
	return []geo.Indicator{
		{ID: "chomage", Label: "Taux de chômage localisé", Theme: "emploi", Unit: "%", Source: "INSEE (synthétique)",
			Year: 2021, FinestLevel: geo.LevelCommune, HigherIsWorse: true, Aggregation: geo.AggregationRatio,
			Scale: 100, Synthetic: true, Domains: []geo.Domain{geo.DomainInsertionEmploi}},
		{ID: "revenu_median", Label: "Revenu médian, par unité de consommation", Theme: "pauvreté", Unit: "€",
			Source: "Filosofi (synthétique)", Year: 2020, FinestLevel: geo.LevelDepartement,
			Aggregation: geo.AggregationWeightedMean, Synthetic: true,
			Domains: []geo.Domain{geo.DomainSolidarite, geo.DomainInsertionEmploi}},
	}
}

func values() []geo.IndicatorValue {
	return []geo.IndicatorValue{
		{IndicatorID: "chomage", TerritoryCode: "69123", Year: 2021, Value: 12, Numerator: 30000, Denominator: 250000},
		{IndicatorID: "chomage", TerritoryCode: "69266", Year: 2021, Value: 100 * 8000.0 / 70000, Numerator: 8000, Denominator: 70000},
		{IndicatorID: "revenu_median", TerritoryCode: "69", Year: 2020, Value: 23180.5},
		{IndicatorID: "revenu_median", TerritoryCode: "38", Year: 2020, Value: 22870},
	}
}

func actors() []geo.Actor {
	return []geo.Actor{
		{ID: 1, Name: "Danone, \"usine\" de Lyon", Kind: geo.KindEntreprise, SIREN: "552032534", CommuneCode: "69123", Country: "FR",
			Location: orb.Point{4.8357, 45.764}, Precision: geo.PrecisionExact, Employees: 120, Sector: geo.SectorIndustrie,
			Reach: geo.ScaleNational, Domains: []geo.Domain{geo.DomainInsertionEmploi, geo.DomainCulture}},
		{ID: 2, Name: "Association des Gones", Kind: geo.KindAssociation, RNA: "W691234567", CommuneCode: "69266", Country: "FR",
			Location: orb.Point{4.8798, 45.7719}, Precision: geo.PrecisionCommune, Employees: 3, Employer: true, Insertion: true,
			Reach: geo.ScaleLocal, Domains: []geo.Domain{geo.DomainSolidarite}},
		{ID: 3, Name: "Mairie de Lyon", Kind: geo.KindCollectivite, CommuneCode: "69123", Country: "FR",
			Location: orb.Point{4.8273, 45.7674}, Precision: geo.PrecisionApproximate, Sector: geo.SectorPublic, Reach: geo.ScaleLocal},
		{ID: 4, Name: "Université Grenoble Alpes", Kind: geo.KindEnseignement, CommuneCode: "38185", Country: "FR",
			Location: orb.Point{5.7673, 45.1934}, Precision: geo.PrecisionExact, Employees: 7000, Reach: geo.ScaleInternational,
			Domains: []geo.Domain{geo.DomainEducationJeunesse}},
		{ID: 5, Name: "Club d'entreprises Paris-Centre", Kind: geo.KindClubEntreprises, CommuneCode: "75056", Country: "FR",
			Location: orb.Point{2.3488, 48.8534}, Precision: geo.PrecisionExact, Reach: geo.ScaleRegional},
		{ID: 6, Name: "Fondation de Genève", Kind: geo.KindAssociation, Country: "CH",
			Location: orb.Point{6.1432, 46.2044}, Precision: geo.PrecisionExact, Reach: geo.ScaleInternational},
		{ID: 7, Name: "Association Réunion Solidaire", Kind: geo.KindAssociation, CommuneCode: "97411", Country: "FR",
			Location: orb.Point{55.4504, -20.8823}, Precision: geo.PrecisionCommune, Reach: geo.ScaleLocal,
			Domains: []geo.Domain{geo.DomainSolidarite, geo.DomainSante}},
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func partnerships() []geo.Partnership {
	return []geo.Partnership{
		{ID: 1, ActorA: 1, ActorB: 2, Category: geo.CategoryMecenat, Domain: geo.DomainCulture, Start: day(2014, 3, 1)},
		{ID: 2, ActorA: 1, ActorB: 4, Category: geo.CategoryCooperationEconomique, Domain: geo.DomainEducationJeunesse, Start: day(2016, 9, 1)},
		{ID: 3, ActorA: 1, ActorB: 5, Category: geo.CategoryInnovationSocietale, Domain: geo.DomainInsertionEmploi, Start: day(2018, 1, 15)},
		{ID: 4, ActorA: 2, ActorB: 6, Category: geo.CategoryMecenat, Domain: geo.DomainSolidarite, Start: day(2015, 5, 1), End: day(2019, 12, 31)},
		{ID: 5, ActorA: 3, ActorB: 1, Category: geo.CategoryPratiquesResponsables, Domain: geo.DomainEnvironnement, Start: day(2020, 2, 29)},
	}
}

func alliances() []geo.Alliance {
	return []geo.Alliance{
		{ID: 1, Name: "Fil Rouge lyonnais", TerritoryLevel: geo.LevelCommune, TerritoryCode: "69123", Stake: geo.DomainEducationJeunesse, StartYear: 2012, Illustrative: true,
			Members: []geo.AllianceMember{{ActorID: 1, Role: geo.RoleFinanceur}, {ActorID: 2, Role: geo.RoleOperateur}, {ActorID: 3, Role: geo.RoleFacilitateur}}},
		{ID: 2, Name: "Labo des partenariats du Rhône", TerritoryLevel: geo.LevelDepartement, TerritoryCode: "69", Stake: geo.DomainInsertionEmploi, StartYear: 2016,
			Members: []geo.AllianceMember{{ActorID: 1, Role: geo.RoleFinanceur}, {ActorID: 4, Role: geo.RoleExpert}}},
	}
}
