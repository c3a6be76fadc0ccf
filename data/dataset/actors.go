package dataset

import (
	"fmt"
	"io"
	"strconv"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// actorColumns returns the column order of actors.csv; the first three (id,
// name, kind) are required, the others may be left out of the header.
func actorColumns() []string {
	return []string{"id", "name", "kind", "siren", "rna", "commune", "country", "lon", "lat",
		"precision", "employees", "employer", "insertion", "sector", "reach", "domains", "active"}
}

// actorFields is one actor as text, whether it came from a CSV record or a
// GeoJSON feature, so that both formats are checked by the same code.
type actorFields struct {
	id, name, kind, siren, rna, commune, country, lon, lat, precision,
	employees, employer, insertion, sector, reach, domains, active string
}

// ReadActors reads actors.csv. An actor in France (country empty or FR)
// names its commune, which the Resolver must know; it is placed by lon/lat
// (precision exact unless given) or, with lon and lat empty, at its commune's
// point with precision commune. An actor abroad has a country other than FR,
// no commune, and lon/lat. Country is returned as "FR" when empty. active
// is true (or empty) for an actor in activity, false for one closed or
// dissolved (geo.Actor.Inactive).
func ReadActors(body io.Reader, o Options) ([]geo.Actor, error) {
	p := &problems{file: fileName(o, FileActors)}
	cols := actorColumns()
	c, err := openCSV(body, p, cols[:3], cols[3:])
	if err != nil {
		return nil, err
	}
	defer c.close()
	v := newActorValidator(p, o)
	for c.next() {
		v.add(c.line, actorFields{
			id: c.get("id"), name: c.get("name"), kind: c.get("kind"), siren: c.get("siren"),
			rna: c.get("rna"), commune: c.get("commune"), country: c.get("country"),
			lon: c.get("lon"), lat: c.get("lat"), precision: c.get("precision"),
			employees: c.get("employees"), employer: c.get("employer"), insertion: c.get("insertion"),
			sector: c.get("sector"), reach: c.get("reach"), domains: c.get("domains"), active: c.get("active"),
		}, nil)
		o.progress(c.count, false)
	}
	return finish(c, p, o, v.out.all())
}

// actorValidator checks actors one by one and remembers their ids.
type actorValidator struct {
	p    *problems
	res  Resolver
	seen IDs // line of each id
	out  blocks[geo.Actor]
}

func newActorValidator(p *problems, o Options) *actorValidator {
	return &actorValidator{p: p, res: resolverOrEmpty(o.Resolver)}
}

// add checks one actor; pre holds reasons found while decoding it.
func (v *actorValidator) add(line int, f actorFields, pre []string) {
	r := row{line: line, reasons: pre}
	a := geo.Actor{ID: r.id("id", f.id), Name: r.text("name", f.name), Kind: geo.ActorKind(f.kind),
		SIREN: f.siren, RNA: f.rna, CommuneCode: f.commune, Country: f.country}
	if first, dup := v.seen.Get(a.ID); dup && a.ID != 0 {
		r.badAt("id", "duplicate id %d (first at line %d)", a.ID, first)
	} else if a.ID != 0 {
		v.seen.Set(a.ID, int32(line))
	}
	if !a.Kind.Valid() {
		r.badAt("kind", "unknown kind %q (want %s)", f.kind, oneOf(geo.ActorKinds))
	}
	if f.siren != "" {
		if err := geo.CheckSIREN(f.siren); err != nil {
			r.badAt("siren", "siren: %v", err)
		}
	}
	if f.rna != "" {
		if err := geo.CheckRNA(f.rna); err != nil {
			r.badAt("rna", "rna: %v", err)
		}
	}
	v.place(&r, &a, f)
	a.Employees = int(r.integer("employees", f.employees, 0, 10_000_000, 0))
	a.Employer = r.boolean("employer", f.employer)
	a.Insertion = r.boolean("insertion", f.insertion)
	if a.Sector = geo.Sector(f.sector); !a.Sector.Valid() {
		r.badAt("sector", "unknown sector %q (want %s, or empty)", f.sector, oneOf(geo.Sectors))
	}
	if a.Reach = geo.Scale(f.reach); f.reach != "" && !a.Reach.Valid() {
		r.badAt("reach", "unknown reach %q (want %s, or empty)", f.reach, oneOf(geo.Scales))
	}
	a.Domains = r.domains("domains", f.domains)
	a.Inactive = f.active != "" && !r.boolean("active", f.active) // empty: active
	if v.p.done(&r) {
		v.out.add(a)
	}
}

// place sets the actor's country, point and precision, checking them against
// its commune.
func (v *actorValidator) place(r *row, a *geo.Actor, f actorFields) {
	if a.Country == "" {
		a.Country = "FR"
	}
	if len(a.Country) != 2 || a.Country[0] < 'A' || a.Country[0] > 'Z' || a.Country[1] < 'A' || a.Country[1] > 'Z' {
		r.badAt("country", "country %q is not an ISO 3166-1 alpha-2 code such as FR", a.Country)
	}
	a.Precision = geo.Precision(f.precision)
	if f.precision != "" && !a.Precision.Valid() {
		r.badAt("precision", "unknown precision %q (want %s)", f.precision, oneOf(geo.Precisions))
	}
	hasPoint := f.lon != "" || f.lat != ""
	if hasPoint && (f.lon == "" || f.lat == "") {
		r.badAt("geometry", "give both lon and lat, or neither")
		return
	}
	var pt orb.Point
	if hasPoint {
		lon, okLon := r.number("lon", f.lon)
		lat, okLat := r.number("lat", f.lat)
		if !okLon || !okLat {
			return
		}
		pt = orb.Point{lon, lat}
		if a.Precision == "" {
			a.Precision = geo.PrecisionExact
		}
	}
	if a.Abroad() {
		switch {
		case f.commune != "":
			r.badAt("commune", "commune %q given for an actor abroad (country %s): leave it empty, or set country FR", f.commune, a.Country)
		case !hasPoint:
			r.badAt("geometry", "an actor abroad (country %s) needs lon and lat", a.Country)
		case a.Precision == geo.PrecisionCommune:
			r.badAt("precision", "precision commune for an actor abroad, which has no commune")
		default:
			if why := checkPoint(pt, false, ""); why != "" {
				r.badAt("geometry", "%s", why)
			}
		}
		a.Location = pt
		return
	}
	if f.commune == "" {
		r.badAt("commune", "commune is empty: an actor in France needs its commune code")
		return
	}
	ref, ok := v.res.Territory(geo.LevelCommune, f.commune)
	if !ok {
		r.badAt("commune", "unknown commune %q", f.commune)
		return
	}
	if !hasPoint {
		if a.Precision != "" && a.Precision != geo.PrecisionCommune {
			r.badAt("precision", "precision %s needs lon and lat", a.Precision)
		}
		a.Location, a.Precision = ref.Point, geo.PrecisionCommune
		return
	}
	dep := ref.Place.Departement
	if dep == "" {
		dep = geo.DepartementOfCommune(f.commune)
	}
	if why := checkPoint(pt, true, dep); why != "" {
		r.badAt("geometry", "%s", why)
	}
	a.Location = pt
}

// actorRecord is an actor as a row of actors.csv.
func actorRecord(rec []string, a geo.Actor) ([]string, error) {
	if !inRange(a.Location) {
		return nil, fmt.Errorf("actor %d: location %v out of range", a.ID, a.Location)
	}
	return append(rec[:0], strconv.FormatInt(a.ID, 10), a.Name, string(a.Kind), a.SIREN, a.RNA,
		a.CommuneCode, a.Country, string(AppendCoordinate(nil, a.Location[0])),
		string(AppendCoordinate(nil, a.Location[1])), string(a.Precision), strconv.Itoa(a.Employees),
		strconv.FormatBool(a.Employer), strconv.FormatBool(a.Insertion), string(a.Sector),
		string(a.Reach), joinDomains(a.Domains), strconv.FormatBool(!a.Inactive)), nil
}
