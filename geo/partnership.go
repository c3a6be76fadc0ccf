package geo

import (
	"slices"
	"time"
)

// Category is the nature of a partnership, after Le RAMEAU's typology.
type Category string

// The four partnership categories.
const (
	CategoryMecenat               Category = "mecenat"
	CategoryPratiquesResponsables Category = "pratiques_responsables"
	CategoryCooperationEconomique Category = "cooperation_economique"
	CategoryInnovationSocietale   Category = "innovation_societale"
)

// Categories lists the categories in a stable order.
var Categories = []Category{CategoryMecenat, CategoryPratiquesResponsables,
	CategoryCooperationEconomique, CategoryInnovationSocietale}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return contains(Categories, c) }

// Domain is the field a partnership (or an actor, or an alliance's stake) acts in.
type Domain string

// The domains of partnership.
const (
	DomainInsertionEmploi   Domain = "insertion_emploi"
	DomainDiversiteHandicap Domain = "diversite_handicap"
	DomainEducationJeunesse Domain = "education_jeunesse"
	DomainCulture           Domain = "culture"
	DomainSport             Domain = "sport"
	DomainEnvironnement     Domain = "environnement"
	DomainSante             Domain = "sante"
	DomainNumerique         Domain = "numerique"
	DomainSolidarite        Domain = "solidarite"
	DomainMobilite          Domain = "mobilite"
	DomainAutre             Domain = "autre"
)

// domains is Domains as an array, whose length is a constant (NumDomains).
var domains = [...]Domain{DomainInsertionEmploi, DomainDiversiteHandicap, DomainEducationJeunesse,
	DomainCulture, DomainSport, DomainEnvironnement, DomainSante, DomainNumerique,
	DomainSolidarite, DomainMobilite, DomainAutre}

// Domains lists the domains in a stable order.
var Domains = domains[:]

// NumDomains is the number of domains.
const NumDomains = len(domains)

// Valid reports whether d is a known domain.
func (d Domain) Valid() bool { return contains(Domains, d) }

// Index is d's place in Domains, -1 for an unknown domain.
func (d Domain) Index() int { return slices.Index(Domains, d) }

// DomainCounts counts something (partnerships) by domain, in Domains
// order. An array rather than a map: a national gap ranking holds one per
// commune, and 35 000 small maps cost it a fifth of its time.
type DomainCounts [NumDomains]int

// Of is the count of d, 0 for an unknown domain.
func (c *DomainCounts) Of(d Domain) int {
	if i := d.Index(); i >= 0 {
		return c[i]
	}
	return 0
}

// CountsByDomain builds counts from a map by domain (an unknown domain's
// count is dropped): how a reader writes counts by name.
func CountsByDomain(m map[Domain]int) DomainCounts {
	var c DomainCounts
	for d, n := range m {
		if i := d.Index(); i >= 0 {
			c[i] = n
		}
	}
	return c
}

// Total sums the counts.
func (c *DomainCounts) Total() int {
	n := 0
	for _, m := range c {
		n += m
	}
	return n
}

// Stage is where a partnership stands in the life cycle partnership
// facilitators accompany it through: its creation, its steering
// (pilotage) and its evaluation.
type Stage string

// The stages of a partnership's life cycle, in order.
const (
	StageCreation   Stage = "creation"
	StagePilotage   Stage = "pilotage"
	StageEvaluation Stage = "evaluation"
)

// Stages lists the stages in life-cycle order.
var Stages = []Stage{StageCreation, StagePilotage, StageEvaluation}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return contains(Stages, s) }

// Partnership links two actors. Scale is never typed in: it is derived from
// the two actors' places by PartnerScale whenever either actor is stored or
// moves. End is the zero time while the partnership runs.
type Partnership struct {
	ID       int64
	ActorA   int64
	ActorB   int64
	Category Category
	Domain   Domain
	Start    time.Time
	End      time.Time
	Scale    Scale
	// Stage is the partnership's stage in its life cycle, "" when unknown.
	Stage Stage
}

// DateLayout is how partnership dates are written in files and the API.
const DateLayout = "2006-01-02"
