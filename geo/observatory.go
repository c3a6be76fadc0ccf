package geo

// FigureKind says how a figure is read and compared with its reference.
type FigureKind string

// Kinds of observatory figure.
const (
	FigurePercent    FigureKind = "percent"    // Value in 0..100
	FigureAverage    FigureKind = "average"    // Value is a mean count
	FigureCount      FigureKind = "count"      // Value is a count scaled to France
	FigureComparison FigureKind = "comparison" // Holds says whether the stated ordering holds
)

// Figure is one RAMEAU 2015 figure recomputed from rows. Value =
// Numerator / Denominator (× 100 for percentages); Reference is the seed's
// figure in the same unit; Holds is set for comparisons. Detail carries the
// per-group rates a comparison is made of.
type Figure struct {
	ID          string
	Label       string
	Kind        FigureKind
	Value       float64
	Numerator   float64
	Denominator float64
	Reference   float64
	Holds       bool
	Detail      map[string]float64
}

// Observatory is the set of figures for one scope: France when Level and
// Territory are both empty, else the territory of that level and code.
type Observatory struct {
	Level     Level
	Territory string
	Figures   []Figure
}

// Figure returns the figure with the given id and whether it exists.
func (o Observatory) Figure(id string) (Figure, bool) {
	for _, f := range o.Figures {
		if f.ID == id {
			return f, true
		}
	}
	return Figure{}, false
}

// ObservatoryInput is the rows of one scope, which CountObservatory (and so
// ComputeObservatory) reads. Level and Territory name the scope (both empty
// for France) and are copied to the result; Actors are the actors in scope
// (all of France, or those located in one territory); Partnerships are
// those with at least one end among them, with Scale already derived; Kinds
// gives the kind of every actor either end may name, in scope or not;
// ScaleFactor turns the dataset's partnership count into a national figure
// (100 for the demo, which is about 1/100 of France).
type ObservatoryInput struct {
	Level        Level
	Territory    string
	Actors       []Actor
	Partnerships []Partnership
	Kinds        map[int64]ActorKind
	ScaleFactor  float64
}
