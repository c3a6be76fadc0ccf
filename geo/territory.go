package geo

import (
	"strconv"

	"github.com/paulmach/orb"
)

// Level is a tier of the INSEE Code officiel géographique used by Maillage.
type Level string

// The four territorial levels, from the widest to the finest.
const (
	LevelRegion      Level = "region"
	LevelDepartement Level = "departement"
	LevelEPCI        Level = "epci"
	LevelCommune     Level = "commune"
)

// Levels lists every level from the widest to the finest.
var Levels = []Level{LevelRegion, LevelDepartement, LevelEPCI, LevelCommune}

// Valid reports whether l is one of the four levels.
func (l Level) Valid() bool {
	switch l {
	case LevelRegion, LevelDepartement, LevelEPCI, LevelCommune:
		return true
	}
	return false
}

// Typology describes a territory's character, used to compare like with like.
// DensityClass follows the INSEE 7-level density grid (1 = très dense …
// 7 = rural à habitat très dispersé), 0 when unknown. QPVShare is the share
// (0..1) of the population living in a quartier prioritaire de la ville.
type Typology struct {
	DensityClass        int
	QPVShare            float64
	RuralRevitalisation bool
	NaturalPark         bool
}

// AllianceHistory summarises the alliances a territory has hosted; FirstYear
// is 0 when Count is 0.
type AllianceHistory struct {
	Count     int
	FirstYear int
}

// Territory is one région, département, EPCI or commune. The parent codes that
// do not apply to its level are empty (a région has no parent; an EPCI has a
// région and département only when all its communes share them). Geometry is in
// EPSG:4326: a MultiPolygon, or a Point where no contour is known; Approximate
// says the geometry was generated rather than surveyed.
type Territory struct {
	Code            string
	Name            string
	Level           Level
	RegionCode      string
	DepartementCode string
	EPCICode        string
	Population      int64
	Geometry        orb.Geometry
	Approximate     bool
	Typology        Typology
	Alliances       AllianceHistory
}

// Overseas reports whether a département code (or a commune code) belongs to
// the départements et régions d'outre-mer, whose codes start with 97.
func Overseas(code string) bool {
	return len(code) >= 3 && code[:2] == "97"
}

// CommuneOfArrondissement maps the code of a municipal arrondissement of
// Paris (75101–75120), Lyon (69381–69389) or Marseille (13201–13216),
// which registers such as SIRENE and the RNA give, to its commune's code
// (75056, 69123, 13055); any other code is returned as it is.
func CommuneOfArrondissement(code string) string {
	if len(code) != 5 {
		return code
	}
	n, err := strconv.Atoi(code)
	switch {
	case err != nil:
		return code
	case n >= 75101 && n <= 75120:
		return "75056"
	case n >= 69381 && n <= 69389:
		return "69123"
	case n >= 13201 && n <= 13216:
		return "13055"
	}
	return code
}

// DepartementOfCommune returns the département code of an INSEE commune code:
// three digits overseas (97411 → 974), two characters elsewhere (2A004 → 2A).
func DepartementOfCommune(commune string) string {
	if len(commune) != 5 {
		return ""
	}
	if Overseas(commune) {
		return commune[:3]
	}
	return commune[:2]
}
