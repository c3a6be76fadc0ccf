package data

import "github.com/maillage/maillage/geo"

// ObservatoryCounts are the counts behind the observatory figures of one
// scope (geo.ObservatoryCounts), with the dataset's scale factor: how many
// real partnerships one row stands for (1 when the dataset says nothing).
// The figures themselves are geo.ObservatoryFromCounts's, which the
// analysis layer applies.
type ObservatoryCounts struct {
	Counts      geo.ObservatoryCounts
	ScaleFactor float64
}
