package storetest

import (
	"fmt"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// The planted twin: PlantedTwinDataset makes PlantedTwin the commune most
// like PlantedCommune and anchors PlantedAlliance there, on the stake of
// PlantedCommune's largest gap (insertion_emploi), so that it is the first
// solution to duplicate; DecoyAlliance acts on the same stake in a commune
// less alike, SportAlliance in the twin on a stake that is no gap.
const (
	PlantedTwin     = "69003"
	PlantedDecoy    = "69009"
	PlantedAlliance = 901
	DecoyAlliance   = 902
	SportAlliance   = 903
)

// PlantedTwinDataset is PlantedGapDataset with typologies and alliances:
//
//   - PlantedCommune (69007) is an intermediate urban centre (density 2)
//     with 18 % of its people in quartiers prioritaires; the twin (69003)
//     is one too, with 15 %, and nearly as fragile (22 % unemployed, the
//     second highest; a median income next to 69007's); the decoy
//     (69009) is rural (density 6) with no QPV; the others are very
//     rural (7);
//   - alliances in the twin (insertion_emploi, and sport) and in the
//     decoy (insertion_emploi), each of its commune's company and
//     association; withPlanted false leaves out PlantedAlliance.
//
// By hand (geo.ExplainDistance on communes): the twin is at 1/6 × 0 +
// 1/6 × 0.12 + 0 + 1/2 × (0.11 + 0.11) / 2 ≈ 0.075 from 69007, the decoy
// at 1/6 × 4/6 + 1/6 × 0.72 + 1/2 × (0.22 + 0.22) / 2 ≈ 0.34.
func PlantedTwinDataset(withPlanted bool) (*dataset.Dataset, error) {
	ds, err := PlantedGapDataset()
	if err != nil {
		return nil, err
	}
	for i := range ds.Territories {
		t := &ds.Territories[i]
		if t.Level != geo.LevelCommune {
			continue
		}
		switch t.Code {
		case PlantedCommune:
			t.Typology = geo.Typology{DensityClass: 2, QPVShare: 0.18}
		case PlantedTwin:
			t.Typology = geo.Typology{DensityClass: 2, QPVShare: 0.15}
		case PlantedDecoy:
			t.Typology = geo.Typology{DensityClass: 6}
		default:
			t.Typology = geo.Typology{DensityClass: 7}
		}
	}
	found := 0
	for i := range ds.IndicatorValues {
		v := &ds.IndicatorValues[i]
		if v.TerritoryCode != PlantedTwin {
			continue
		}
		switch v.IndicatorID {
		case "chomage":
			v.Numerator = 0.22 * v.Denominator
			v.Value = 22
			found++
		case "revenu_median":
			v.Value = 20700
			found++
		}
	}
	if found != 2 {
		return nil, fmt.Errorf("planted twin: %d of the twin's two values found", found)
	}
	// Each commune i (690ii) has company 2i−1 and association 2i.
	members := func(commune int) []geo.AllianceMember {
		return []geo.AllianceMember{{ActorID: int64(2*commune - 1), Role: geo.RoleFinanceur}, {ActorID: int64(2 * commune), Role: geo.RoleOperateur}}
	}
	alliance := func(id int64, name, commune string, stake geo.Domain, n int) geo.Alliance {
		return geo.Alliance{ID: id, Name: name, TerritoryLevel: geo.LevelCommune, TerritoryCode: commune, Stake: stake,
			StartYear: 2016, Members: members(n)}
	}
	if withPlanted {
		ds.Alliances = append(ds.Alliances, alliance(PlantedAlliance, "Tremplin emploi 69003", PlantedTwin, geo.DomainInsertionEmploi, 3))
	}
	ds.Alliances = append(ds.Alliances,
		alliance(DecoyAlliance, "Emploi rural 69009", PlantedDecoy, geo.DomainInsertionEmploi, 9),
		alliance(SportAlliance, "Sport pour tous 69003", PlantedTwin, geo.DomainSport, 3))
	return ds, nil
}
