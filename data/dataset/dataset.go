package dataset

import "github.com/maillage/maillage/geo"

// File names inside a dataset directory; each may also be stored with a
// ".gz" suffix. Actors may come as GeoJSON (FileActorsGeoJSON) instead of CSV.
const (
	FileTerritories     = "territories.geojson"
	FileIndicators      = "indicators.csv"
	FileIndicatorValues = "indicator_values.csv"
	// FileIndicatorValuesBinary holds the indicator values in a compact
	// binary form instead (values_bin.go); a directory holds one or the other.
	FileIndicatorValuesBinary = "indicator_values.bin"
	FileActors                = "actors.csv"
	FileActorsGeoJSON         = "actors.geojson"
	FilePartnerships          = "partnerships.csv"
	FileAlliances             = "alliances.csv"
	FileAllianceMembers       = "alliance_members.csv"
)

// Dataset is every row of a Maillage deployment. Read and Sort leave each
// slice in id order (codes bytewise, integer ids numerically, indicator values
// by indicator, territory and year; an alliance's members by actor id).
// Partnership scales and territories' alliance history are derived (Derive),
// never read from files.
//
// ScaleFactor is not stored in any file: it is how many real rows one row
// stands for, used to turn counts into national figures (the demo, at about
// 1/100 of France, sets 100). Zero means 1.
type Dataset struct {
	Territories     []geo.Territory
	Indicators      []geo.Indicator
	IndicatorValues []geo.IndicatorValue
	Actors          []geo.Actor
	Partnerships    []geo.Partnership
	Alliances       []geo.Alliance
	ScaleFactor     float64
}
