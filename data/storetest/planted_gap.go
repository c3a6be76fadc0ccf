package storetest

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// PlantedCommune is the commune PlantedGapFiles makes the most fragile in
// employment with no partnership in insertion_emploi, the domain its
// fragility calls for; it has partnerships in other domains, so only the
// domain's coverage is missing.
const PlantedCommune = "69007"

// PlantedGapFiles builds a small territory and encodes it as the files
// `maillage import` reads, in load order: ten communes of the Rhône, each
// with a company and an association; chômage highest in PlantedCommune and
// revenu médian lowest elsewhere; insertion_emploi partnerships in every
// commune but PlantedCommune, which has two culture ones.
func PlantedGapFiles() ([]dataset.EncodedFile, error) {
	ds := &dataset.Dataset{ScaleFactor: 1}
	ds.Territories = []geo.Territory{
		{Code: "84", Name: "Auvergne-Rhône-Alpes", Level: geo.LevelRegion, Population: 100000,
			Geometry: multi(box(4.2, 45.4, 5.2, 46.4))},
		{Code: "69", Name: "Rhône", Level: geo.LevelDepartement, RegionCode: "84", Population: 100000,
			Geometry: multi(box(4.2, 45.4, 5.2, 46.4))},
	}
	ds.Indicators = []geo.Indicator{
		{ID: "chomage", Label: "Taux de chômage localisé", Theme: "emploi", Unit: "%", Source: "test", Year: 2023,
			FinestLevel: geo.LevelCommune, HigherIsWorse: true, Aggregation: geo.AggregationRatio, Scale: 100,
			Synthetic: true, Domains: []geo.Domain{geo.DomainInsertionEmploi}},
		{ID: "revenu_median", Label: "Revenu médian", Theme: "pauvreté", Unit: "€", Source: "test", Year: 2021,
			FinestLevel: geo.LevelCommune, HigherIsWorse: false, Aggregation: geo.AggregationWeightedMean,
			Synthetic: true, Domains: []geo.Domain{geo.DomainSolidarite}},
	}
	id := int64(1)
	for i := 1; i <= 10; i++ {
		code := fmt.Sprintf("690%02d", i)
		pt := orb.Point{4.3 + 0.08*float64(i), 45.5 + 0.05*float64(i)}
		pop := int64(2000 + 500*i)
		ds.Territories = append(ds.Territories, geo.Territory{Code: code, Name: "Commune " + code, Level: geo.LevelCommune,
			RegionCode: "84", DepartementCode: "69", Population: pop, Geometry: pt, Approximate: true})
		unemployed := float64(100 + 10*i) // 5 % … 9.5 % of 2 000 … 7 000 active
		if code == PlantedCommune {
			unemployed = float64(pop) * 0.25
		}
		ds.IndicatorValues = append(ds.IndicatorValues,
			geo.IndicatorValue{IndicatorID: "chomage", TerritoryCode: code, Year: 2023,
				Value: 100 * unemployed / float64(pop), Numerator: unemployed, Denominator: float64(pop)},
			geo.IndicatorValue{IndicatorID: "revenu_median", TerritoryCode: code, Year: 2021, Value: float64(18000 + 400*i)})
		company, association := id, id+1
		id += 2
		ds.Actors = append(ds.Actors,
			geo.Actor{ID: company, Name: "Entreprise " + code, Kind: geo.KindEntreprise, CommuneCode: code, Country: "FR",
				Location: pt, Precision: geo.PrecisionExact, Employees: 40, Sector: geo.SectorServices},
			geo.Actor{ID: association, Name: "Association " + code, Kind: geo.KindAssociation, CommuneCode: code,
				Country: "FR", Location: orb.Point{pt[0] + 0.01, pt[1]}, Precision: geo.PrecisionExact,
				Employer: true, Domains: []geo.Domain{geo.DomainInsertionEmploi}})
		domain := geo.DomainInsertionEmploi
		if code == PlantedCommune {
			domain = geo.DomainCulture
		}
		for k := range 2 {
			ds.Partnerships = append(ds.Partnerships, geo.Partnership{ID: int64(100*i + k), ActorA: company,
				ActorB: association, Category: geo.CategoryMecenat, Domain: domain, Start: date("2020-01-01")})
		}
	}
	return dataset.Encode(ds)
}

// PlantedGapDataset reads PlantedGapFiles back with the importer's readers
// (dataset.Read), as `maillage import` would.
func PlantedGapDataset() (*dataset.Dataset, error) {
	files, err := PlantedGapFiles()
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return dataset.Read(fsys)
}

// ImportPlantedGap imports PlantedGapFiles into a writable store, one
// Store.Import per file, as `maillage import` does.
func ImportPlantedGap(t *testing.T, s data.Importer) {
	t.Helper()
	files, err := PlantedGapFiles()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]data.ImportKind{
		dataset.FileTerritories: data.ImportTerritories, dataset.FileIndicators: data.ImportIndicators,
		dataset.FileIndicatorValues: data.ImportIndicatorValues, dataset.FileActors: data.ImportActors,
		dataset.FilePartnerships: data.ImportPartnerships, dataset.FileAlliances: data.ImportAlliances,
		dataset.FileAllianceMembers: data.ImportAllianceMembers,
	}
	for _, f := range files {
		kind, ok := kinds[f.Name[:len(f.Name)-len(".gz")]]
		if !ok {
			t.Fatalf("no import kind for %s", f.Name)
		}
		if _, err := s.Import(context.Background(), data.ImportRequest{Kind: kind, Name: f.Name, Body: bytes.NewReader(f.Data)}); err != nil {
			t.Fatalf("import %s: %v", f.Name, err)
		}
	}
}
