package geo

// Scale is the territorial scale of a partnership, or the declared reach of an
// actor.
type Scale string

// The four scales, from the closest to the widest.
const (
	ScaleLocal         Scale = "local"
	ScaleRegional      Scale = "regional"
	ScaleNational      Scale = "national"
	ScaleInternational Scale = "international"
)

// Scales lists the scales from the closest to the widest.
var Scales = []Scale{ScaleLocal, ScaleRegional, ScaleNational, ScaleInternational}

// Valid reports whether s is one of the four scales.
func (s Scale) Valid() bool { return contains(Scales, s) }

// Place is where an actor sits in the territorial hierarchy: the codes of its
// commune and of that commune's EPCI, département and région. Country is an
// ISO 3166-1 alpha-2 code; empty means France.
type Place struct {
	Country     string
	Commune     string
	EPCI        string
	Departement string
	Region      string
}

// Abroad reports whether the place is outside France.
func (p Place) Abroad() bool { return p.Country != "" && p.Country != "FR" }

// PartnerScale derives the scale of a partnership from its two actors' places
// (the scale rule): international if either is abroad; local if both are in the same
// commune or the same EPCI (an EPCI may span two départements and stays local);
// regional if both are in the same région, which includes the same département;
// national otherwise. Empty codes never match, so an actor whose EPCI is
// unknown is local only to its own commune. The rule is symmetric.
func PartnerScale(a, b Place) Scale {
	switch {
	case a.Abroad() || b.Abroad():
		return ScaleInternational
	case same(a.Commune, b.Commune), same(a.EPCI, b.EPCI):
		return ScaleLocal
	case same(a.Region, b.Region):
		return ScaleRegional
	}
	return ScaleNational
}

func same(x, y string) bool { return x != "" && x == y }
