package geo

import "github.com/paulmach/orb"

// ActorKind is what sort of organisation an actor is.
type ActorKind string

// The kinds of actor.
const (
	KindEntreprise      ActorKind = "entreprise"
	KindAssociation     ActorKind = "association"
	KindCollectivite    ActorKind = "collectivite"
	KindEtat            ActorKind = "etat"
	KindEnseignement    ActorKind = "enseignement"
	KindClubEntreprises ActorKind = "club_entreprises"
	KindAutre           ActorKind = "autre"
)

// ActorKinds lists every kind in a stable order.
var ActorKinds = []ActorKind{KindEntreprise, KindAssociation, KindCollectivite, KindEtat,
	KindEnseignement, KindClubEntreprises, KindAutre}

// Valid reports whether k is a known kind.
func (k ActorKind) Valid() bool { return contains(ActorKinds, k) }

// World is one of the four "mondes" an alliance must bring together.
type World string

// The worlds an alliance brings together.
const (
	WorldCompanies    World = "entreprises"
	WorldAssociations World = "associations"
	WorldPublic       World = "acteurs_publics"
	WorldAcademic     World = "academiques_experts"
)

// World returns the world an actor kind belongs to; business clubs count with
// companies and "autre" with associations (the third sector).
func (k ActorKind) World() World {
	switch k {
	case KindEntreprise, KindClubEntreprises:
		return WorldCompanies
	case KindCollectivite, KindEtat:
		return WorldPublic
	case KindEnseignement:
		return WorldAcademic
	}
	return WorldAssociations
}

// Precision says how an actor's point was obtained.
type Precision string

// Point precisions: surveyed address, commune's point, or generated.
const (
	PrecisionExact       Precision = "exact"
	PrecisionCommune     Precision = "commune"
	PrecisionApproximate Precision = "approximate"
)

// Precisions lists the valid precisions.
var Precisions = []Precision{PrecisionExact, PrecisionCommune, PrecisionApproximate}

// Valid reports whether p is a known precision.
func (p Precision) Valid() bool { return contains(Precisions, p) }

// Sector is a company's broad economic sector.
type Sector string

// The sectors of activity.
const (
	SectorIndustrie   Sector = "industrie"
	SectorBTP         Sector = "btp"
	SectorCommerce    Sector = "commerce"
	SectorServices    Sector = "services"
	SectorAgriculture Sector = "agriculture"
	SectorPublic      Sector = "public"
	SectorAutre       Sector = "autre"
)

// Sectors lists every sector in a stable order.
var Sectors = []Sector{SectorIndustrie, SectorBTP, SectorCommerce, SectorServices,
	SectorAgriculture, SectorPublic, SectorAutre}

// Valid reports whether s is a known sector (the empty sector is valid: unknown).
func (s Sector) Valid() bool { return s == "" || contains(Sectors, s) }

// SizeClass is a company's headcount band.
type SizeClass string

// Headcount bands.
const (
	Size0        SizeClass = "0"
	Size1to9     SizeClass = "1-9"
	Size10to249  SizeClass = "10-249"
	Size250to999 SizeClass = "250-999"
	Size1000Plus SizeClass = "1000+"
)

// SizeClasses lists the bands from the smallest.
var SizeClasses = []SizeClass{Size0, Size1to9, Size10to249, Size250to999, Size1000Plus}

// SizeClassOf returns the band of a headcount.
func SizeClassOf(employees int) SizeClass {
	switch {
	case employees <= 0:
		return Size0
	case employees < 10:
		return Size1to9
	case employees < 250:
		return Size10to249
	case employees < 1000:
		return Size250to999
	}
	return Size1000Plus
}

// Actor is an organisation of a territory. Location is (lon, lat) in
// EPSG:4326. CommuneCode is empty for an actor abroad, whose Country is then an
// ISO 3166-1 alpha-2 code other than "FR". Reach is the declared scope of the
// organisation, a fact about the actor, distinct from the scale of any of its
// links. Employees is a headcount (companies) and Employer says an association
// pays staff.
type Actor struct {
	ID          int64
	Name        string
	Kind        ActorKind
	SIREN       string
	RNA         string
	CommuneCode string
	Country     string
	Location    orb.Point
	Precision   Precision
	Employees   int
	Employer    bool
	Insertion   bool
	Sector      Sector
	Reach       Scale
	Domains     []Domain
	// Inactive marks an actor that has closed (a SIRENE establishment) or
	// been dissolved (an RNA association) since it was loaded: it is kept,
	// with its partnerships and their history, but it no longer counts
	// among the actors of its territory (observatory figures, actors by
	// kind) and is never suggested as a partner. The zero value is an
	// active actor.
	Inactive bool
}

// SizeClass returns the actor's headcount band.
func (a Actor) SizeClass() SizeClass { return SizeClassOf(a.Employees) }

// Abroad reports whether the actor is located outside France.
func (a Actor) Abroad() bool { return a.Country != "" && a.Country != "FR" }

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
