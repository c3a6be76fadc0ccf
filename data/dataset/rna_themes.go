package dataset

import (
	"fmt"
	"slices"
	"strings"

	"github.com/maillage/maillage/geo"
)

// The RNA describes an association's social object (objet_social1 and
// objet_social2) by a code of the nomenclature of the Journal officiel des
// associations (JOAFE): six digits, the first three its general theme
// (006 culture, 011 sports…), the last three a subtheme. Maillage's
// domains are coarser: rnaThemeDomains gives the domain of each general
// theme that matches one, and nothing for those that match none (political
// or religious activities, hobby clubs, economic interests, tourism,
// defence…), so an association is never put in a domain it does not act
// in. The themes' names are the JOAFE's.
var rnaThemeDomains = map[string]geo.Domain{
	"006": geo.DomainCulture,           // culture, pratiques d'activités artistiques, culturelles
	"009": geo.DomainCulture,           // action socio-culturelle
	"010": geo.DomainCulture,           // préservation du patrimoine
	"011": geo.DomainSport,             // sports, activités de plein air
	"015": geo.DomainEducationJeunesse, // éducation, formation
	"017": geo.DomainSante,             // santé
	"018": geo.DomainSante,             // services et établissements médico-sociaux
	"019": geo.DomainSolidarite,        // interventions sociales
	"020": geo.DomainSolidarite,        // associations caritatives, humanitaires, aide au développement, bénévolat
	"021": geo.DomainSolidarite,        // services familiaux, services aux personnes âgées
	"024": geo.DomainEnvironnement,     // environnement, cadre de vie
	"030": geo.DomainInsertionEmploi,   // aide à l'emploi, développement local, solidarités économiques, vie locale
	"032": geo.DomainSolidarite,        // logement
}

// rnaDomains reads the social object codes of one association (empty
// ones and 000000, "none", skipped) into its domains, in geo.Domains
// order, each once. A code that is not six digits is refused: bad is its
// index in codes.
func rnaDomains(codes []string) (domains []geo.Domain, bad int, err error) {
	for i, code := range codes {
		if code == "" || code == "000000" {
			continue
		}
		if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
			return nil, i, fmt.Errorf("%q is not a six-digit social object code", code)
		}
		if d, ok := rnaThemeDomains[code[:3]]; ok && !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	slices.SortFunc(domains, func(a, b geo.Domain) int {
		return slices.Index(geo.Domains, a) - slices.Index(geo.Domains, b)
	})
	return domains, 0, nil
}
