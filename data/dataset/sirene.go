package dataset

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// INSEE's SIRENE register of companies and their establishments, as its
// monthly stock file of establishments (StockEtablissement) is published:
// UTF-8, comma-separated, quoted, one header line naming INSEE's columns.
// The reader takes its columns by name, so columns INSEE adds later are
// ignored; it reads these:
const (
	sireneSIRET       = "siret"
	sireneSIREN       = "siren"
	sireneState       = "etatAdministratifEtablissement"  // A active, F closed
	sireneDiffusion   = "statutDiffusionEtablissement"    // O public, P partial
	sireneCommune     = "codeCommuneEtablissement"        // INSEE code, arrondissement codes included
	sireneActivity    = "activitePrincipaleEtablissement" // NAF rév. 2, as 62.01Z
	sireneWorkforce   = "trancheEffectifsEtablissement"   // NN, 00, 01 … 53
	sireneLambertX    = "coordonneeLambertAbscisseEtablissement"
	sireneLambertY    = "coordonneeLambertOrdonneeEtablissement"
	sireneName        = "denominationUsuelleEtablissement"
	sireneSign1       = "enseigne1Etablissement"
	sireneSign2       = "enseigne2Etablissement"
	sireneSign3       = "enseigne3Etablissement"
	sireneEmployer    = "caractereEmployeurEtablissement" // O, N
	sireneCountry     = "codePaysEtrangerEtablissement"   // set for an establishment abroad
	sireneUndisclosed = "[ND]"                            // what INSEE writes for a value not disclosed
)

// sireneWorkforceFloor is the lower bound of each of INSEE's workforce
// classes (tranches d'effectif salarié): the number of employees an actor
// gets, which keeps it in the size class its tranche lies in. NN (no
// employee in the reference year, or unknown) and 00 are 0.
var sireneWorkforceFloor = map[string]int{
	"NN": 0, "00": 0, "01": 1, "02": 3, "03": 6, "11": 10, "12": 20, "21": 50, "22": 100,
	"31": 200, "32": 250, "41": 500, "42": 1000, "51": 2000, "52": 5000, "53": 10000,
}

// SireneReport counts what a SIRENE file held: the lines read, the
// establishments kept as actors (and, of those, placed by their commune
// because of partial diffusion or missing or implausible coordinates),
// the closed ones already loaded, marked inactive, and those left out, by
// reason.
type SireneReport struct {
	Lines          int `json:"lines"`
	Kept           int `json:"kept"`
	Inactive       int `json:"inactive"`
	AtCommune      int `json:"atCommune"`
	Partial        int `json:"partial"`
	Closed         int `json:"closed"`
	Abroad         int `json:"abroad"`
	UnknownCommune int `json:"unknownCommune"`
}

// ReadSirene streams a SIRENE stock file of establishments and hands each
// active establishment located in France to yield, as an actor:
//   - its id is its SIRET (14 digits, read as a number), so importing next
//     month's file updates the same actors instead of adding new ones;
//   - its SIREN is its company's, checked (Luhn);
//   - its kind and sector come from its NAF code and SIREN (sireneKind,
//     sireneSector), its employees from its workforce class, its employer
//     flag from caractereEmployeurEtablissement (else employees > 0);
//   - its name is its usual name, else its first sign (enseigne), else
//     "Établissement" and its SIRET;
//   - its position is its Lambert-93 coordinates, for a metropolitan
//     commune, when they lie near its commune; otherwise (overseas,
//     where INSEE gives local projections; no or implausible coordinates)
//     its commune's point, with precision "commune". An establishment in
//     partial diffusion (statut P) is never placed by its coordinates nor
//     named: it sits at its commune, named by its SIRET only.
//
// Paris, Lyon and Marseille arrondissement codes map to their commune.
// A closed establishment that is already loaded (o.KnownActor) is handed
// on as above, marked inactive (geo.Actor.Inactive): it keeps its
// partnerships. Other closed establishments, those abroad and those whose
// commune the territories do not know are counted and left out. A line
// that cannot be read (a malformed record, a SIRET or SIREN that is not
// one, an unknown state, diffusion or workforce code) is a bad row: the
// file is refused as a whole (*data.ImportError) once read, so the caller
// must discard what yield was given. yield's error stops the reading and is returned.
func ReadSirene(body io.Reader, o Options, yield func(geo.Actor) error) (SireneReport, error) {
	p := &problems{file: fileName(o, "StockEtablissement.csv")}
	var rep SireneReport
	c, err := openCSVWith(body, p, []string{sireneSIRET, sireneSIREN, sireneState, sireneDiffusion, sireneCommune,
		sireneActivity, sireneWorkforce},
		[]string{sireneLambertX, sireneLambertY, sireneName, sireneSign1, sireneSign2, sireneSign3, sireneEmployer, sireneCountry}, ',', true)
	if err != nil {
		return rep, err
	}
	defer c.close()
	res := resolverOrEmpty(o.Resolver)
	lambert := geo.EPSG2154.Projection()
	for c.next() {
		rep.Lines = c.count
		o.progress(c.count, false)
		r := row{line: c.line}
		siret, siren := strings.TrimSpace(c.get(sireneSIRET)), strings.TrimSpace(c.get(sireneSIREN))
		if !isSIRET(siret) {
			r.badAt(sireneSIRET, "siret %q is not 14 digits", siret)
		} else if !strings.HasPrefix(siret, siren) {
			r.badAt(sireneSIRET, "siret %s does not begin with siren %s", siret, siren)
		}
		if err := geo.CheckSIREN(siren); err != nil {
			r.badAt(sireneSIREN, "%v", err)
		}
		state, diffusion := c.get(sireneState), c.get(sireneDiffusion)
		if state != "A" && state != "F" {
			r.badAt(sireneState, "%q is neither A (active) nor F (closed)", state)
		}
		if diffusion != "O" && diffusion != "P" && diffusion != "N" {
			r.badAt(sireneDiffusion, "%q is none of O (public), P (partial), N (not disclosed)", diffusion)
		}
		workforce := c.get(sireneWorkforce)
		if workforce == "" {
			workforce = "NN"
		}
		floor, knownWorkforce := sireneWorkforceFloor[workforce]
		if !knownWorkforce {
			r.badAt(sireneWorkforce, "unknown workforce class %q (want NN, 00, 01 … 53)", workforce)
		}
		if !p.done(&r) {
			continue
		}
		id, _ := strconv.ParseInt(siret, 10, 64)
		closed := state == "F"
		switch {
		case closed && (o.KnownActor == nil || !o.KnownActor(id)):
			rep.Closed++
			continue
		case c.get(sireneCountry) != "":
			rep.Abroad++
			continue
		}
		commune := geo.CommuneOfArrondissement(strings.TrimSpace(c.get(sireneCommune)))
		ref, ok := res.Territory(geo.LevelCommune, commune)
		if !ok {
			rep.UnknownCommune++
			continue
		}
		activity := c.get(sireneActivity)
		a := geo.Actor{ID: id, SIREN: siren, CommuneCode: commune, Country: "FR",
			Kind: sireneKind(activity, siren), Employees: floor, Location: ref.Point, Precision: geo.PrecisionCommune}
		if a.Kind == geo.KindEntreprise {
			a.Sector = sireneSector(activity)
		} else if a.Kind == geo.KindCollectivite || a.Kind == geo.KindEtat {
			a.Sector = geo.SectorPublic
		}
		switch c.get(sireneEmployer) {
		case "O":
			a.Employer = true
		case "N":
		default:
			a.Employer = a.Employees > 0
		}
		if diffusion == "O" {
			a.Name = firstDisclosed(c.get(sireneName), c.get(sireneSign1), c.get(sireneSign2), c.get(sireneSign3))
			if pt, ok := sireneLambert(lambert, c.get(sireneLambertX), c.get(sireneLambertY), ref); ok {
				a.Location, a.Precision = pt, geo.PrecisionExact
			}
		} else {
			rep.Partial++
		}
		if a.Name == "" {
			a.Name = "Établissement " + siret
		}
		if closed {
			a.Inactive = true
			rep.Inactive++
		} else {
			if a.Precision == geo.PrecisionCommune {
				rep.AtCommune++
			}
			rep.Kept++
		}
		if err := yield(a); err != nil {
			return rep, err
		}
	}
	rep.Lines = c.count
	if c.err != nil {
		return rep, c.err
	}
	o.progress(c.count, true)
	return rep, p.err()
}

// firstDisclosed is the first of values that is set and disclosed.
func firstDisclosed(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && v != sireneUndisclosed {
			return v
		}
	}
	return ""
}

// sireneMaxKmFromCommune is how far from its commune's point an
// establishment's coordinates may lie: the largest metropolitan communes
// (Arles, 759 km²) reach about 30 km from their centre.
const sireneMaxKmFromCommune = 40

// sireneLambert reads Lambert-93 coordinates (metres, EPSG:2154) into
// lon/lat, kept only for a metropolitan commune and when the point lies
// within sireneMaxKmFromCommune of the commune's point: INSEE gives
// overseas establishments in local projections, and some coordinates are
// wrong.
func sireneLambert(proj geo.Projection, xs, ys string, ref TerritoryRef) (orb.Point, bool) {
	x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	dep := ref.Place.Departement
	if errX != nil || errY != nil || strings.HasPrefix(dep, "97") || x == 0 || y == 0 {
		return orb.Point{}, false
	}
	pt := proj.Inverse(orb.Point{x, y})
	pt = orb.Point{roundTo(pt[0], 1e6), roundTo(pt[1], 1e6)}
	if checkPoint(pt, true, dep) != "" || geo.LinkLengthKm(pt, ref.Point) > sireneMaxKmFromCommune {
		return orb.Point{}, false
	}
	return pt, true
}

func roundTo(v, scale float64) float64 {
	n := v * scale
	if n < 0 {
		return float64(int64(n-0.5)) / scale
	}
	return float64(int64(n+0.5)) / scale
}

// sireneKind is the kind of actor an establishment is, from its NAF code
// (activitePrincipaleEtablissement, NAF rév. 2) and its SIREN:
//   - public administration (NAF division 84), or a SIREN beginning with 1
//     (the State's services) or 2 (local authorities and their groupings,
//     as INSEE numbers them): "etat" for 1, "collectivite" otherwise;
//   - education (division 85): "enseignement";
//   - employers' and business organisations (94.11Z): "club_entreprises";
//   - other membership organisations (94.12Z to 94.99Z): "association";
//   - anything else: "entreprise".
//
// Associations are better read from their own register (RNA), which says
// what they are; SIRENE knows only those with a SIRET.
func sireneKind(naf, siren string) geo.ActorKind {
	division := nafDivision(naf)
	switch {
	case strings.HasPrefix(siren, "1"):
		return geo.KindEtat
	case strings.HasPrefix(siren, "2") || division == 84:
		return geo.KindCollectivite
	case division == 85:
		return geo.KindEnseignement
	case naf == "94.11Z":
		return geo.KindClubEntreprises
	case division == 94:
		return geo.KindAssociation
	}
	return geo.KindEntreprise
}

// sireneSector is a company's broad sector from the NAF section of its
// activity: A agriculture; B to E industry (mining, manufacturing,
// energy, water and waste); F construction; G trade; O public
// administration; T and U "autre"; every other section services.
func sireneSector(naf string) geo.Sector {
	d := nafDivision(naf)
	switch {
	case d < 0:
		return ""
	case d <= 3:
		return geo.SectorAgriculture
	case d <= 39:
		return geo.SectorIndustrie
	case d <= 43:
		return geo.SectorBTP
	case d <= 47:
		return geo.SectorCommerce
	case d == 84:
		return geo.SectorPublic
	case d >= 97:
		return geo.SectorAutre
	}
	return geo.SectorServices
}

// nafDivision is the two-digit division of a NAF code ("62.01Z" → 62),
// or -1.
func nafDivision(naf string) int {
	if len(naf) < 2 {
		return -1
	}
	d, err := strconv.Atoi(naf[:2])
	if err != nil {
		return -1
	}
	return d
}

// String names the report's counts, for the command line.
func (r SireneReport) String() string {
	return fmt.Sprintf("%d lines: %d establishments kept (%d placed at their commune, %d in partial diffusion), %d closed ones already loaded marked inactive; left out: %d closed, %d abroad, %d in a commune the territories lack",
		r.Lines, r.Kept, r.AtCommune, r.Partial, r.Inactive, r.Closed, r.Abroad, r.UnknownCommune)
}

// isSIRET reports whether s has a SIRET's form, 14 digits (the SIREN it
// begins with is checked apart): the one test of SIRENE's and the RNA's
// readers.
func isSIRET(s string) bool {
	return len(s) == 14 && strings.Trim(s, "0123456789") == ""
}
