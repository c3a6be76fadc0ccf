package demo

import (
	"math"
	"testing"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// tolerance is the demo's calibration contract: within
// one point for percentages, 0.1 for averages, 1 % for the national count.
func tolerance(f geo.Figure) float64 {
	switch f.Kind {
	case geo.FigureAverage:
		return 0.1
	case geo.FigureCount:
		return 0.01 * f.Reference
	}
	return 1
}

// observatoryOf is the observatory of the partnerships running today, as
// the analyses count by default: those without an end (the demo's ended
// ones all ended by 2015).
func observatoryOf(ds *dataset.Dataset) geo.Observatory {
	kinds := map[int64]geo.ActorKind{}
	for _, a := range ds.Actors {
		kinds[a.ID] = a.Kind
	}
	var running []geo.Partnership
	for _, p := range ds.Partnerships {
		if p.End.IsZero() {
			running = append(running, p)
		}
	}
	return geo.ComputeObservatory(geo.ObservatoryInput{Actors: ds.Actors, Partnerships: running, Kinds: kinds, ScaleFactor: ds.ScaleFactor})
}

func checkCalibration(t *testing.T, o geo.Observatory) {
	t.Helper()
	for _, f := range o.Figures {
		if f.Kind == geo.FigureComparison {
			if !f.Holds {
				t.Errorf("%s does not hold: %v", f.ID, f.Detail)
			}
			continue
		}
		if d := math.Abs(f.Value - f.Reference); d > tolerance(f) {
			t.Errorf("%s: got %.3f (%v/%v), want %v ± %v", f.ID, f.Value, f.Numerator, f.Denominator, f.Reference, tolerance(f))
		}
	}
}
