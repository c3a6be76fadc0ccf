package storetest

import (
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// The expectations below are written by hand from the fixture's geography,
// not computed by the rules they check, so a store and the suite cannot share
// a mistake.

// wantScales is each fixture partnership's scale, with why.
func wantScales() map[int64]geo.Scale {
	return map[int64]geo.Scale{
		101: geo.ScaleLocal,         // Lyon – Villeurbanne: same EPCI
		102: geo.ScaleLocal,         // Lyon – Lyon: same commune
		103: geo.ScaleLocal,         // Miribel (01) – Genay (69): one EPCI across two départements
		104: geo.ScaleRegional,      // Lyon – Grenoble: same région, other département
		105: geo.ScaleRegional,      // Tarare (no EPCI) – Lyon: same département
		106: geo.ScaleNational,      // Lyon – Paris
		107: geo.ScaleNational,      // Avignon (département 84, région 93) – Grenoble (région 84)
		108: geo.ScaleNational,      // Saint-Denis de La Réunion – Paris
		109: geo.ScaleInternational, // Geneva – Lyon
		110: geo.ScaleRegional,      // Villeurbanne – Genay: same département, other EPCIs
	}
}

// history is a territory's expected alliance count and first year.
type history struct{ count, first int }

// wantHistory is the alliance history of the territories that have one,
// keyed by level and code; every other territory has none.
func wantHistory() map[geo.Level]map[string]history {
	return map[geo.Level]map[string]history{
		// 205 has no start year, so Villeurbanne has no first year.
		geo.LevelCommune: {"69123": {1, 2012}, "69266": {1, 0}},
		// 201 and 205 through their communes, 203 itself; 205's unknown
		// year does not hide 2012.
		geo.LevelEPCI: {epciLyon: {3, 2012}},
		// 69: 201, 205 (communes) and 203 (EPCI); 84 is Vaucluse, home of 202.
		geo.LevelDepartement: {"69": {3, 2012}, "84": {1, 2015}},
		// Région 84 does not count 202, whose "84" is the département.
		// 204 has no start year, so région 11 has no first year.
		geo.LevelRegion: {"84": {3, 2012}, "93": {1, 2015}, "11": {1, 0}},
	}
}

// bboxCase is a bbox and the ids each collection must return for it.
type bboxCase struct {
	name string
	bbox [4]float64
	want map[string][]string
}

// bboxCases are chosen so that each trap has one answer: a box over
// nothing; central Lyon; a box that a single long link crosses far from its
// ends; a box inside two links' bounding boxes but off both lines; a box in
// the notch of the L-shaped Ain, inside its bounding box but outside it.
func bboxCases() []bboxCase {
	return []bboxCase{
		{"nothing (Atlantic)", [4]float64{-30, 40, -29, 41}, map[string][]string{}},
		{"central Lyon", [4]float64{4.82, 45.75, 4.89, 45.78}, map[string][]string{
			data.CollectionActors:       {"1", "2", "3"},
			data.CollectionPartnerships: {"101", "102", "104", "105", "106", "109", "110"},
			data.CollectionAlliances:    {"201", "203", "205"},
			data.CollectionRegions:      {"84"},
			data.CollectionDepartements: {"69"},
			data.CollectionEPCIs:        {epciLyon},
			data.CollectionCommunes:     {"69123", "69266"},
		}},
		{"crossed by the Lyon–Paris link only", [4]float64{4.15, 46.52, 4.28, 46.57}, map[string][]string{
			data.CollectionPartnerships: {"106"},
			data.CollectionRegions:      {"84"},
		}},
		{"inside two links' boxes, off both lines", [4]float64{2.5, 46.0, 2.7, 46.2}, map[string][]string{}},
		{"notch of the L-shaped Ain", [4]float64{5.1, 46.2, 5.3, 46.4}, map[string][]string{
			data.CollectionRegions: {"84"},
		}},
	}
}

// wantCounts is the number of features of each collection.
func wantCounts() map[string]int64 {
	return map[string]int64{
		data.CollectionActors: 11, data.CollectionPartnerships: 10, data.CollectionAlliances: 5,
		data.CollectionRegions: 5, data.CollectionDepartements: 7, data.CollectionEPCIs: 5,
		data.CollectionCommunes: 10,
	}
}

// childrenCase is a Children call and the codes it must list (nil: not found).
type childrenCase struct {
	parentLevel geo.Level
	parent      string
	level       geo.Level
	want        []string
}

func childrenCases() []childrenCase {
	return []childrenCase{
		{geo.LevelRegion, "84", geo.LevelDepartement, []string{"01", "38", "69"}},
		{geo.LevelRegion, "84", geo.LevelCommune, []string{"01249", "38185", "69123", "69199", "69243", "69266"}},
		{geo.LevelRegion, "84", geo.LevelEPCI, []string{epciLyon, epciDombes}},
		{geo.LevelDepartement, "84", geo.LevelCommune, []string{"84007"}},
		{geo.LevelDepartement, "84", geo.LevelEPCI, []string{epciAvignon}},
		{geo.LevelRegion, "11", geo.LevelCommune, []string{"75056"}},
		{geo.LevelDepartement, "69", geo.LevelCommune, []string{"69123", "69199", "69243", "69266"}},
		{geo.LevelDepartement, "69", geo.LevelEPCI, []string{epciLyon}}, // the spanning EPCI has no département
		{geo.LevelEPCI, epciDombes, geo.LevelCommune, []string{"01249", "69199"}},
		{geo.LevelDepartement, "974", geo.LevelCommune, []string{"97411"}},
		{geo.LevelCommune, "69123", geo.LevelCommune, []string{}}, // a commune has no children
		{geo.LevelDepartement, "38", geo.LevelRegion, []string{}}, // nor a département wider ones
		{geo.LevelDepartement, "38", geo.LevelDepartement, []string{}},
		{geo.LevelDepartement, "99", geo.LevelCommune, nil},
		{geo.LevelDepartement, "11", geo.LevelCommune, nil}, // 11 is a région only
		{geo.LevelRegion, "69", geo.LevelDepartement, nil},  // 69 is a département only
	}
}
