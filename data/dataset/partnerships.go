package dataset

import (
	"io"
	"strconv"

	"github.com/maillage/maillage/geo"
)

// partnershipColumns returns the column order of partnerships.csv; all but
// end and stage are required in the header.
func partnershipColumns() []string {
	return []string{"id", "actor_a", "actor_b", "category", "domain", "start", "end", "stage"}
}

// ReadPartnerships reads partnerships.csv. Both actors must be known to the
// Resolver and differ; dates are YYYY-MM-DD, end empty while the partnership
// runs and never before start; stage, when given, one of geo.Stages (empty:
// unknown). Scale is not a column: each partnership's is
// derived here with geo.PartnerScale from the two actors' places.
func ReadPartnerships(body io.Reader, o Options) ([]geo.Partnership, error) {
	p := &problems{file: fileName(o, FilePartnerships)}
	cols := partnershipColumns()
	c, err := openCSV(body, p, cols[:6], cols[6:])
	if err != nil {
		return nil, err
	}
	defer c.close()
	res := resolverOrEmpty(o.Resolver)
	var seen IDs // line of each id
	var out blocks[geo.Partnership]
	for c.next() {
		r := row{line: c.line}
		ps := geo.Partnership{
			ID: r.id("id", c.get("id")), ActorA: r.id("actor_a", c.get("actor_a")), ActorB: r.id("actor_b", c.get("actor_b")),
			Category: geo.Category(c.get("category")), Domain: geo.Domain(c.get("domain")),
			Start: r.date("start", c.get("start"), true), End: r.date("end", c.get("end"), false),
			Stage: geo.Stage(c.get("stage")),
		}
		if first, dup := seen.Get(ps.ID); dup && ps.ID != 0 {
			r.badAt("id", "duplicate id %d (first at line %d)", ps.ID, first)
		} else if ps.ID != 0 {
			seen.Set(ps.ID, int32(c.line))
		}
		placeA, okA := res.Actor(ps.ActorA)
		placeB, okB := res.Actor(ps.ActorB)
		if ps.ActorA != 0 && !okA {
			r.badAt("actor_a", "actor_a %d is not a known actor", ps.ActorA)
		}
		if ps.ActorB != 0 && !okB {
			r.badAt("actor_b", "actor_b %d is not a known actor", ps.ActorB)
		}
		if ps.ActorA != 0 && ps.ActorA == ps.ActorB {
			r.badAt("actor_b", "actor_a and actor_b are both %d: an actor cannot partner itself", ps.ActorA)
		}
		if !ps.Category.Valid() {
			r.badAt("category", "unknown category %q (want %s)", ps.Category, oneOf(geo.Categories))
		}
		if !ps.Domain.Valid() {
			r.badAt("domain", "unknown domain %q (want %s)", ps.Domain, oneOf(geo.Domains))
		}
		if ps.Stage != "" && !ps.Stage.Valid() {
			r.badAt("stage", "unknown stage %q (want %s, or nothing while unknown)", ps.Stage, oneOf(geo.Stages))
		}
		if !ps.End.IsZero() && !ps.Start.IsZero() && ps.End.Before(ps.Start) {
			r.badAt("end", "end %s is before start %s", ps.End.Format(geo.DateLayout), ps.Start.Format(geo.DateLayout))
		}
		ps.Scale = geo.PartnerScale(placeA, placeB)
		if p.done(&r) {
			out.add(ps)
		}
		o.progress(c.count, false)
	}
	return finish(c, p, o, out.all())
}

// partnershipRecord is a partnership as a row of partnerships.csv.
func partnershipRecord(rec []string, ps geo.Partnership) []string {
	end := ""
	if !ps.End.IsZero() {
		end = ps.End.Format(geo.DateLayout)
	}
	return append(rec[:0], strconv.FormatInt(ps.ID, 10), strconv.FormatInt(ps.ActorA, 10),
		strconv.FormatInt(ps.ActorB, 10), string(ps.Category), string(ps.Domain),
		ps.Start.Format(geo.DateLayout), end, string(ps.Stage))
}
