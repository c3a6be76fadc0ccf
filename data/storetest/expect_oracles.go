package storetest

import (
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// The tables below replace calls to the production rules the stores use
// (geo.SizeClassOf, geo.LinkLengthKm, geo.InteriorPoint,
// geo.AggregateFlows, geo.CountObservatory) as the suite's expectations:
// each value is written by hand from fixture.go, with how it was counted,
// so that a mistake in one of those rules fails the suite instead of
// moving the store and its oracle together.

// wantSizeClasses is each fixture actor's size_class, read off its
// employees (fixture.go) against the bands 0 | 1–9 | 10–249 | 250–999 |
// 1000+.
func wantSizeClasses() map[int64]string {
	return map[int64]string{
		1:  "1000+",   // 1200 employees
		2:  "10-249",  // 25
		3:  "1000+",   // 8000
		4:  "1000+",   // 7000
		5:  "0",       // none given
		6:  "10-249",  // 50
		7:  "1-9",     // 3
		8:  "250-999", // 300
		9:  "0",       // none given
		10: "0",       // none given
		11: "10-249",  // 12
	}
}

// wantLinkLengthsKm is each fixture partnership's length_km: the
// great-circle distance between its actors' points on the sphere of radius
// R1 = (2a + b) / 3 = 6 371 008.771 m, computed with the haversine formula
// (not the Vincenty form geo.SphereDistance and PostGIS use), rounded to
// the metre. No length lies within a millimetre of a half metre, so the
// two formulas' last-bit differences cannot move the rounding.
func wantLinkLengthsKm() map[int64]float64 {
	return map[int64]float64{
		101: 3.296,    // Lyon (4.84, 45.76) – Villeurbanne (4.88, 45.77): 3 296.029 m
		102: 0.556,    // actor 1 – the Mairie (4.8357, 45.764): 555.966 m
		103: 15.964,   // Miribel (5.02, 45.83) – Genay (4.84, 45.9): 15 963.723 m
		104: 96.308,   // Lyon – Grenoble (5.77, 45.19): 96 308.093 m
		105: 35.376,   // Tarare (4.43, 45.9) – Lyon: 35 375.917 m
		106: 392.817,  // Lyon – Paris (2.34, 48.86): 392 817.328 m
		107: 157.459,  // Avignon (4.81, 43.95) – Grenoble: 157 459.437 m
		108: 9365.709, // Saint-Denis (55.45, -20.88) – Paris: 9 365 708.624 m
		109: 112.165,  // Geneva (6.1432, 46.2044) – Lyon: 112 164.519 m
		110: 14.784,   // Villeurbanne – Genay: 14 783.796 m
	}
}

// wantAnchors is the representative point (GEOS's interior point, PostGIS's
// ST_PointOnSurface) of every fixture territory that anchors a flow or an
// alliance, by level and code. EPCIs and communes are points: the point
// itself. A box's is its centre: the scan line runs halfway between the
// vertex ordinates nearest the box's middle height (its bottom and top),
// and the point is the middle of the widest crossing. Île-de-France's is
// the centre of its larger box. The L-shaped Ain's middle height is 46.05;
// the nearest vertex ordinates are 46.0 below and 46.5 above, so the scan
// line is y = 46.25, which crosses only the upper arm, x 5.5 to 6.0.
func wantAnchors() map[geo.Level]map[string]orb.Point {
	return map[geo.Level]map[string]orb.Point{
		geo.LevelRegion: {
			"04": {55.525, -21.125}, // box 55.2–55.85 × −21.4–−20.85
			"11": {2.505, 48.67},    // larger box 1.45–3.56 × 48.1–49.24
			"84": {5.35, 45.75},     // box 4.2–6.5 × 44.9–46.6
			"93": {5.95, 43.95},     // box 4.2–7.7 × 43.0–44.9
		},
		geo.LevelDepartement: {
			"01":  {5.75, 46.25},     // see above
			"38":  {5.675, 45.25},    // box 4.95–6.4 × 44.9–45.6
			"69":  {4.575, 45.875},   // box 4.2–4.95 × 45.45–46.3
			"75":  {2.345, 48.86},    // box 2.22–2.47 × 48.81–48.91
			"84":  {5.2, 44.025},     // box 4.6–5.8 × 43.65–44.4
			"974": {55.525, -21.125}, // box 55.2–55.85 × −21.4–−20.85
		},
		geo.LevelEPCI: {
			epciLyon:    {4.85, 45.77},
			epciMGP:     {2.35, 48.85},
			epciDombes:  {4.93, 45.86},
			epciAvignon: {4.85, 43.95},
			epciCINOR:   {55.5, -20.9},
		},
		geo.LevelCommune: {
			"01249": {5.0181, 45.825},
			"38185": {5.7245, 45.1885},
			"69123": {4.8357, 45.764},
			"69199": {4.8403, 45.8964},
			"69243": {4.4331, 45.896},
			"69266": {4.8799, 45.7719},
			"75056": {2.3522, 48.8566},
			"84007": {4.8055, 43.9493},
			"97411": {55.4504, -20.8823},
		},
	}
}

// flowCase is a Flows call and its summary (Anchors aside), by hand.
type flowCase struct {
	name  string
	level geo.Level
	top   int
	want  geo.FlowSummary
}

// byScale is a scale count map for the flow tables.
type byScale = map[geo.Scale]int

// flowCases are the unfiltered flows at the three levels, and the top-2
// cut, counted by hand from fixture.go. The partnerships, as
// actor_a → actor_b with their communes and scale:
//
//	101 1 Lyon → 2 Villeurbanne    local
//	102 1 Lyon → 3 Lyon            local
//	103 9 Miribel (01) → 10 Genay  local
//	104 1 Lyon → 4 Grenoble        regional
//	105 11 Tarare → 1 Lyon         regional
//	106 1 Lyon → 6 Paris           national
//	107 5 Avignon → 4 Grenoble     national
//	108 7 Saint-Denis → 6 Paris    national
//	109 8 Geneva → 1 Lyon          international
//	110 2 Villeurbanne → 10 Genay  regional
//
// Grenoble (4) and Tarare (11) are in no EPCI and Geneva (8) in no
// territory, so their partnerships are unplaced at that level. Flows of
// equal count come by codes.
func flowCases() []flowCase {
	l, r, n := geo.ScaleLocal, geo.ScaleRegional, geo.ScaleNational
	return []flowCase{
		{"départements", geo.LevelDepartement, 0, geo.FlowSummary{
			Flows: []geo.Flow{
				{A: "01", B: "69", Count: 1, ByScale: byScale{l: 1}},  // 103
				{A: "38", B: "69", Count: 1, ByScale: byScale{r: 1}},  // 104
				{A: "38", B: "84", Count: 1, ByScale: byScale{n: 1}},  // 107
				{A: "69", B: "75", Count: 1, ByScale: byScale{n: 1}},  // 106
				{A: "75", B: "974", Count: 1, ByScale: byScale{n: 1}}, // 108
			},
			Territories: []geo.TerritoryFlows{
				{Code: "01", Outgoing: 1}, // 103
				{Code: "38", Incoming: 2}, // 104, 107
				{Code: "69", Internal: 4, Outgoing: 2, Incoming: 1, InternalByScale: byScale{ // 101, 102, 105, 110; 104, 106; 103
					l: 2, r: 2}},
				{Code: "75", Incoming: 2},  // 106, 108
				{Code: "84", Outgoing: 1},  // 107
				{Code: "974", Outgoing: 1}, // 108
			},
			Unplaced: 1, // 109
		}},
		{"départements, top 2", geo.LevelDepartement, 2, geo.FlowSummary{
			Flows: []geo.Flow{
				{A: "01", B: "69", Count: 1, ByScale: byScale{l: 1}},
				{A: "38", B: "69", Count: 1, ByScale: byScale{r: 1}},
			},
			// Territory totals still count every partnership.
			Territories: []geo.TerritoryFlows{
				{Code: "01", Outgoing: 1},
				{Code: "38", Incoming: 2},
				{Code: "69", Internal: 4, Outgoing: 2, Incoming: 1, InternalByScale: byScale{l: 2, r: 2}},
				{Code: "75", Incoming: 2},
				{Code: "84", Outgoing: 1},
				{Code: "974", Outgoing: 1},
			},
			Unplaced: 1,
		}},
		{"régions", geo.LevelRegion, 0, geo.FlowSummary{
			Flows: []geo.Flow{
				{A: "04", B: "11", Count: 1, ByScale: byScale{n: 1}}, // 108
				{A: "11", B: "84", Count: 1, ByScale: byScale{n: 1}}, // 106
				{A: "84", B: "93", Count: 1, ByScale: byScale{n: 1}}, // 107
			},
			Territories: []geo.TerritoryFlows{
				{Code: "04", Outgoing: 1}, // 108
				{Code: "11", Incoming: 2}, // 106, 108
				// 101, 102, 103 (Ain and Rhône are both in 84), 104, 105,
				// 110 inside; 106 out; 107 in.
				{Code: "84", Internal: 6, Outgoing: 1, Incoming: 1, InternalByScale: byScale{l: 3, r: 3}},
				{Code: "93", Outgoing: 1}, // 107
			},
			Unplaced: 1, // 109
		}},
		{"EPCIs", geo.LevelEPCI, 0, geo.FlowSummary{
			Flows: []geo.Flow{
				{A: epciLyon, B: epciMGP, Count: 1, ByScale: byScale{n: 1}},    // 106
				{A: epciLyon, B: epciDombes, Count: 1, ByScale: byScale{r: 1}}, // 110
				{A: epciMGP, B: epciCINOR, Count: 1, ByScale: byScale{n: 1}},   // 108
			},
			Territories: []geo.TerritoryFlows{
				{Code: epciLyon, Internal: 2, Outgoing: 2, InternalByScale: byScale{l: 2}}, // 101, 102; 106, 110
				{Code: epciMGP, Incoming: 2}, // 106, 108
				{Code: epciDombes, Internal: 1, Incoming: 1, InternalByScale: byScale{l: 1}}, // 103; 110
				{Code: epciCINOR, Outgoing: 1}, // 108
			},
			// 104 and 107 (Grenoble), 105 (Tarare), 109 (Geneva); the Grand
			// Avignon's only partnership, 107, is unplaced, so it is absent.
			Unplaced: 4,
		}},
	}
}

// observatoryCountCase is one scope's ObservatoryCounts, by hand.
type observatoryCountCase struct {
	level  geo.Level
	code   string
	in2019 bool // during 2019 only (101, 104, 105, 106 and 108 active)
	want   geo.ObservatoryCounts
}

// pc is a PartneringCount: actors of a group, and those partnering.
func pc(actors, partnering int64) geo.PartneringCount {
	return geo.PartneringCount{Actors: actors, Partnering: partnering}
}

// withCompany1 adds to c the counts of the one company of région 84,
// actor 1 (Industries Lumière, Lyon, industrie, 1200 employees), whose
// partnerships are 101 (mécénat, insertion, local, with association 2),
// 102 (education, local, with the collectivité 3), 104 (education,
// regional), 105 (insertion, regional), 106 (numérique, national) and 109
// (environnement, international). In 2019 only 101, 104, 105 and 106 were
// active, so it has no partnership with a collectivité then.
func withCompany1(c geo.ObservatoryCounts, in2019 bool) geo.ObservatoryCounts {
	c.Companies, c.Companies10, c.Companies1000 = pc(1, 1), pc(1, 1), pc(1, 1)
	c.CompanyInsertion, c.CompanyLocal, c.CompanyRegional = 1, 1, 1 // 101/105, 101, 104/105
	if in2019 {
		c.CompanyEnds = 4
		c.CompanyScales = map[geo.Sector]map[geo.Scale]int64{geo.SectorIndustrie: {
			geo.ScaleLocal: 1, geo.ScaleRegional: 2, geo.ScaleNational: 1}}
		c.CompanyDomains = map[geo.Domain]int64{geo.DomainInsertionEmploi: 2, geo.DomainEducationJeunesse: 1, geo.DomainNumerique: 1}
		return c
	}
	c.CompanyEnds = 6
	c.CompanyCollectivite = 1 // 102
	c.CompanyScales = map[geo.Sector]map[geo.Scale]int64{geo.SectorIndustrie: {
		geo.ScaleLocal: 2, geo.ScaleRegional: 2, geo.ScaleNational: 1, geo.ScaleInternational: 1}}
	c.CompanyDomains = map[geo.Domain]int64{geo.DomainInsertionEmploi: 2, geo.DomainEducationJeunesse: 2,
		geo.DomainNumerique: 1, geo.DomainEnvironnement: 1}
	return c
}

// observatoryCountCases are the counts of every scope of observatoryCases,
// for all time and during 2019, counted by hand. The associations:
// 2 (Villeurbanne, employer, insertion; 101 mécénat, 110 pratiques
// responsables), 5 (Avignon, first domain solidarité; 107 mécénat), 7
// (La Réunion, employer, sport; 108 mécénat), 10 (Genay, education; 103
// coopération économique, 110 pratiques responsables). The companies: 1
// (withCompany1) and 6 (Paris, services, 50 employees; 106 with 1 and 108
// with 7, both national, numérique and sport). Geneva's 8 is abroad, in no
// scope. An association is in its first domain's group unless it is an
// insertion structure (2 is in none).
func observatoryCountCases() []observatoryCountCase {
	type domains = map[geo.Domain]int64
	type groups = map[geo.Domain]geo.PartneringCount
	type categories = map[geo.Category]int64
	const (
		ins, edu, sol, spo = geo.DomainInsertionEmploi, geo.DomainEducationJeunesse, geo.DomainSolidarite, geo.DomainSport
		mec, pra, coo      = geo.CategoryMecenat, geo.CategoryPratiquesResponsables, geo.CategoryCooperationEconomique
	)
	// Association 2 and 10 together (région 84, département 69).
	assoc2and10 := geo.ObservatoryCounts{Associations: pc(2, 2), EmployerAssociations: pc(1, 1), InsertionAssociations: pc(1, 1),
		AssociationGroups: groups{edu: pc(1, 1)}, AssociationEnds: 4, // 101, 110 for 2; 103, 110 for 10
		AssociationCategories: categories{mec: 1, pra: 2, coo: 1}}
	assoc2and10in2019 := geo.ObservatoryCounts{Associations: pc(2, 1), EmployerAssociations: pc(1, 1), InsertionAssociations: pc(1, 1),
		AssociationGroups: groups{edu: pc(1, 0)}, AssociationEnds: 1, AssociationCategories: categories{mec: 1}} // 101 only
	assoc5 := geo.ObservatoryCounts{Partnerships: 1, Associations: pc(1, 1), AssociationGroups: groups{sol: pc(1, 1)},
		AssociationEnds: 1, AssociationCategories: categories{mec: 1}} // 107
	assoc5in2019 := geo.ObservatoryCounts{Associations: pc(1, 0), AssociationGroups: groups{sol: pc(1, 0)}}
	assoc7 := geo.ObservatoryCounts{Partnerships: 1, Associations: pc(1, 1), EmployerAssociations: pc(1, 1),
		AssociationGroups: groups{spo: pc(1, 1)}, AssociationEnds: 1, AssociationCategories: categories{mec: 1}} // 108, also in 2019
	company6 := geo.ObservatoryCounts{Partnerships: 2, Companies: pc(1, 1), Companies10: pc(1, 1), CompanyEnds: 2, // 106, 108
		CompanyScales:  map[geo.Sector]map[geo.Scale]int64{geo.SectorServices: {geo.ScaleNational: 2}},
		CompanyDomains: domains{geo.DomainNumerique: 1, spo: 1}}
	with := func(c geo.ObservatoryCounts, partnerships int64) geo.ObservatoryCounts {
		c.Partnerships = partnerships
		return c
	}
	return []observatoryCountCase{
		// France: every partnership has an end in France (109 through 1).
		{"", "", false, geo.ObservatoryCounts{Partnerships: 10,
			Associations: pc(4, 4), EmployerAssociations: pc(2, 2), InsertionAssociations: pc(1, 1),
			AssociationGroups:     groups{sol: pc(1, 1), spo: pc(1, 1), edu: pc(1, 1)},
			AssociationEnds:       6,                                  // 2: 101, 110; 5: 107; 7: 108; 10: 103, 110
			AssociationCategories: categories{mec: 3, pra: 2, coo: 1}, // mécénat 2, 5, 7; pratiques 2, 10; coopération 10
			Companies:             pc(2, 2), Companies10: pc(2, 2), Companies1000: pc(1, 1),
			CompanyEnds:      8,                                                              // 1: six; 6: 106, 108 (106 counts at both ends)
			CompanyInsertion: 1, CompanyLocal: 1, CompanyRegional: 1, CompanyCollectivite: 1, // all through 1
			CompanyScales: map[geo.Sector]map[geo.Scale]int64{
				geo.SectorIndustrie: {geo.ScaleLocal: 2, geo.ScaleRegional: 2, geo.ScaleNational: 1, geo.ScaleInternational: 1},
				geo.SectorServices:  {geo.ScaleNational: 2}},
			// 101, 105 insertion; 102, 104 education; 106 numérique (once,
			// though both its ends are companies); 108 sport; 109
			// environnement. 103, 107 and 110 have no company end.
			CompanyDomains: domains{ins: 2, edu: 2, geo.DomainNumerique: 1, spo: 1, geo.DomainEnvironnement: 1}}},
		// 101–107, 109, 110: all but 108 (La Réunion – Paris).
		{geo.LevelRegion, "84", false, withCompany1(with(assoc2and10, 9), false)},
		{geo.LevelDepartement, "84", false, assoc5},
		{geo.LevelRegion, "11", false, company6},
		// 101–106, 109, 110.
		{geo.LevelDepartement, "69", false, withCompany1(with(assoc2and10, 8), false)},
		// Actors 1, 2, 3: 101, 102, 104, 105, 106, 109, 110.
		{geo.LevelEPCI, epciLyon, false, withCompany1(geo.ObservatoryCounts{Partnerships: 7, Associations: pc(1, 1),
			EmployerAssociations: pc(1, 1), InsertionAssociations: pc(1, 1), AssociationEnds: 2,
			AssociationCategories: categories{mec: 1, pra: 1}}, false)},
		// Actors 9 (a club) and 10: 103 and 110.
		{geo.LevelEPCI, epciDombes, false, geo.ObservatoryCounts{Partnerships: 2, Associations: pc(1, 1),
			AssociationGroups: groups{edu: pc(1, 1)}, AssociationEnds: 2, AssociationCategories: categories{coo: 1, pra: 1}}},
		// Actors 1 and 3: 101, 102, 104, 105, 106, 109.
		{geo.LevelCommune, "69123", false, withCompany1(geo.ObservatoryCounts{Partnerships: 6}, false)},
		{geo.LevelRegion, "04", false, assoc7},
		{geo.LevelDepartement, "974", false, assoc7},
		{geo.LevelRegion, "93", false, assoc5},
		// The university alone: 104, 107.
		{geo.LevelDepartement, "38", false, geo.ObservatoryCounts{Partnerships: 2}},

		// During 2019: 101, 104, 105, 106 and 108 were active.
		{"", "", true, geo.ObservatoryCounts{Partnerships: 5,
			Associations: pc(4, 2), EmployerAssociations: pc(2, 2), InsertionAssociations: pc(1, 1), // 2 and 7 partner
			AssociationGroups: groups{sol: pc(1, 0), spo: pc(1, 1), edu: pc(1, 0)},
			AssociationEnds:   2, AssociationCategories: categories{mec: 2}, // 101, 108
			Companies: pc(2, 2), Companies10: pc(2, 2), Companies1000: pc(1, 1),
			CompanyEnds:      6,                                      // 1: 101, 104, 105, 106; 6: 106, 108
			CompanyInsertion: 1, CompanyLocal: 1, CompanyRegional: 1, // 102, the collectivité's, is not active
			CompanyScales: map[geo.Sector]map[geo.Scale]int64{
				geo.SectorIndustrie: {geo.ScaleLocal: 1, geo.ScaleRegional: 2, geo.ScaleNational: 1},
				geo.SectorServices:  {geo.ScaleNational: 2}},
			CompanyDomains: domains{ins: 2, edu: 1, geo.DomainNumerique: 1, spo: 1}}},
		{geo.LevelRegion, "84", true, withCompany1(with(assoc2and10in2019, 4), true)},
		{geo.LevelDepartement, "84", true, assoc5in2019},
		{geo.LevelRegion, "11", true, company6},
		{geo.LevelDepartement, "69", true, withCompany1(with(assoc2and10in2019, 4), true)},
		{geo.LevelEPCI, epciLyon, true, withCompany1(geo.ObservatoryCounts{Partnerships: 4, Associations: pc(1, 1),
			EmployerAssociations: pc(1, 1), InsertionAssociations: pc(1, 1), AssociationEnds: 1,
			AssociationCategories: categories{mec: 1}}, true)},
		{geo.LevelEPCI, epciDombes, true, geo.ObservatoryCounts{Associations: pc(1, 0), AssociationGroups: groups{edu: pc(1, 0)}}},
		{geo.LevelCommune, "69123", true, withCompany1(geo.ObservatoryCounts{Partnerships: 4}, true)},
		{geo.LevelRegion, "04", true, assoc7},
		{geo.LevelDepartement, "974", true, assoc7},
		{geo.LevelRegion, "93", true, assoc5in2019},
		{geo.LevelDepartement, "38", true, geo.ObservatoryCounts{Partnerships: 1}}, // 104; 107 began in 2022
	}
}

// wantFranceFigure is one of France's figures, by hand from its counts
// above: numerator and denominator, value, and for comparisons whether
// it holds.
type wantFranceFigure struct {
	id         string
	num, den   float64
	value      float64
	holds      bool
	comparison bool
}

// wantFranceFigures are France's figures over the fixture (ScaleFactor
// 100), each from the France counts of observatoryCountCases.
func wantFranceFigures() []wantFranceFigure {
	return []wantFranceFigure{
		{id: "assoc_partnering", num: 4, den: 4, value: 100},
		{id: "assoc_employer_partnering", num: 2, den: 2, value: 100},
		// Insertion partners at 100 %, as do the solidarité, sport and
		// education groups: not strictly more, so it does not hold.
		{id: "insertion_most_active", num: 1, den: 1, value: 100, comparison: true},
		{id: "company10_partnering", num: 2, den: 2, value: 100},
		{id: "company1000_partnering", num: 1, den: 1, value: 100},
		{id: "partnerships_total", num: 10, den: 0.01, value: 1000}, // 10 × 100
		{id: "assoc_mecenat", num: 3, den: 4, value: 75},
		{id: "assoc_pratiques_responsables", num: 2, den: 4, value: 50},
		{id: "assoc_cooperation_economique", num: 1, den: 4, value: 25},
		{id: "assoc_innovation_societale", num: 0, den: 4, value: 0},
		{id: "assoc_avg_partnerships", num: 6, den: 4, value: 1.5},
		{id: "company_avg_partnerships", num: 8, den: 2, value: 4},
		{id: "company_insertion", num: 1, den: 2, value: 50},
		{id: "company_local_partner", num: 1, den: 2, value: 50},
		{id: "company_regional_partner", num: 1, den: 2, value: 50},
		// Industry: 2 regional against 2 national or international of 6,
		// not more regional; no BTP nor commerce company: does not hold.
		{id: "sector_lean", comparison: true},
		{id: "company_collectivite", num: 1, den: 2, value: 50},
		// Insertion 2 of 7 company partnerships; education (2) ties
		// with insertion instead of coming below it: does not hold.
		{id: "company_domain_ranking", num: 2, den: 7, value: 100 * 2.0 / 7, comparison: true},
	}
}
