package postgis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// A dataset loaded whole (LoadDataset) holds every actor and commune its
// partnerships name, and an import of a partnerships file reads them from
// the database once for its checks (loadResolver), so the bulk path writes
// partnerships as stored, the columns the row path's trigger derives
// (partnerships_derive, migration 00013) computed here, and copies them
// straight into the empty table. Deriving them in PostgreSQL
// (sql/bulk_insert_partnerships.sql: the staged rows joined to their
// actors and communes) took 10.3 s of a national load and staging them
// 1.2 s more, on one core, while this derivation runs in the goroutine
// making COPY's rows, on the other; an import of the national
// partnerships file spent 10–15 s in that statement. TestBulkLoadEqualsRowLoad
// and TestBulkImportEqualsRowImport hold the rows written this way to the
// trigger's.

// partnershipColumns are the columns of a partnership as stored: the
// staged ones, then the derived ones in partnership_ends' order.
var partnershipColumns = append(slices.Clip(partnershipStageColumns),
	"scale", "geom", "a_commune", "a_epci", "a_departement", "a_region",
	"b_commune", "b_epci", "b_departement", "b_region",
	"a_kind", "a_sector", "a_country", "b_kind", "b_sector", "b_country")

// endActor is what a partnership's row takes from one of its actors, in
// 72 bytes where a geo.Actor takes 216: an import holds one per actor of
// the database.
type endActor struct {
	kind     geo.ActorKind
	sector   geo.Sector
	country  string // "" is France, as in geo.Actor (and "FR")
	place    int32  // in partnershipEnds.places
	location orb.Point
}

// partnershipEnds are the actors partnerships may name, each one's
// position in actors by id (dataset.IDs: 2.7 M lookups of a national load
// took 0.8 s in a map of 1.85 M ids, against 0.1 s in its slice), and
// each commune's place by code. Each actor's place is found once, when it
// is added, and kept once per distinct place (places): finding it per
// end, by commune code, took 2 s of a national load's 2.7 M ends.
type partnershipEnds struct {
	actors   []endActor
	ids      dataset.IDs
	communes map[string]geo.Place
	places   dataset.Places
}

func newPartnershipEnds(actors int) *partnershipEnds {
	return &partnershipEnds{actors: make([]endActor, 0, actors), communes: map[string]geo.Place{}}
}

// add makes an actor of commune known; the commune's place should be
// known first. Its place is its commune's codes, or only its country
// abroad, as dataset.Index.Actor gives it. known is false when the actor,
// in France, names a commune that is not known.
func (e *partnershipEnds) add(id int64, commune string, a endActor) (known bool) {
	like := geo.Actor{CommuneCode: commune, Country: a.country}
	var in geo.Place
	known = true
	if !like.Abroad() {
		in, known = e.communes[commune]
		known = known || commune == ""
	}
	a.place = e.places.Add(dataset.ActorPlace(like, in))
	e.ids.Set(id, int32(len(e.actors)))
	e.actors = append(e.actors, a)
	return known
}

// index is the position in actors of the actor id.
func (e *partnershipEnds) index(id int64) (int32, bool) {
	return e.ids.Get(id)
}

// end is what a partnership's row says of one of its actors: its position
// in actors, the actor, and its place (add).
func (e *partnershipEnds) end(id int64) (int32, *endActor, *geo.Place, bool) {
	i, ok := e.index(id)
	if !ok {
		return 0, nil, nil, false
	}
	a := &e.actors[i]
	return i, a, e.places.At(a.place), true
}

// covers reports whether every partnership of ps names known actors.
func (e *partnershipEnds) covers(ps []geo.Partnership) bool {
	for _, p := range ps {
		_, okA := e.index(p.ActorA)
		_, okB := e.index(p.ActorB)
		if !okA || !okB {
			return false
		}
	}
	return true
}

// endsResolver is a dataset.Resolver whose actors are the ends' (an
// import of partnerships reads them once, for its checks and its rows).
type endsResolver struct {
	*dataset.Index
	ends *partnershipEnds
}

// Actor implements dataset.Resolver.
func (r endsResolver) Actor(id int64) (geo.Place, bool) {
	if _, _, place, ok := r.ends.end(id); ok {
		return *place, true
	}
	return geo.Place{}, false
}

// loadedPartnershipsStage is partnershipsStage for a dataset loaded whole:
// derivedPartnershipsStage when ds holds every actor its partnerships name
// and every commune those actors name; otherwise the database, which may
// hold them, derives the rows.
func loadedPartnershipsStage(ds *dataset.Dataset) stage {
	if ends, ok := endsOf(ds); ok && ends.covers(ds.Partnerships) {
		return derivedPartnershipsStage(ds.Partnerships, ends)
	}
	return partnershipsStage(ds.Partnerships)
}

// derivedPartnershipsStage is partnershipsStage whose bulk path copies the
// rows as stored (derivedRow), in id order; the row path stages them as
// any partnerships are. ends must know every actor of ps.
func derivedPartnershipsStage(ps []geo.Partnership, ends *partnershipEnds) stage {
	st := partnershipsStage(ps)
	order := make([]int32, len(ps))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(ps[x].ID, ps[y].ID) })
	bulk := *st.bulk
	bulk.copyInto = true
	bulk.tally = newPartnershipTally(len(ps), len(ends.actors))
	st.bulk = &bulk
	st.stored = &storedRows{columns: partnershipColumns, binary: &binaryRows{oids: partnershipTypes, row: func(buf []byte, i int) ([]byte, error) {
		return appendDerivedRow(buf, &ps[order[i]], ends, bulk.tally)
	}}}
	return st
}

// endsOf indexes the actors and communes of ds; ok is false when an actor
// names a commune ds lacks.
func endsOf(ds *dataset.Dataset) (*partnershipEnds, bool) {
	e := newPartnershipEnds(len(ds.Actors))
	for _, t := range ds.Territories {
		if t.Level == geo.LevelCommune {
			e.communes[t.Code] = dataset.TerritoryPlace(t)
		}
	}
	for i := range ds.Actors {
		a := &ds.Actors[i]
		if !e.add(a.ID, a.CommuneCode, endActor{kind: a.Kind, sector: a.Sector, country: a.Country, location: a.Location}) {
			return nil, false
		}
	}
	return e, true
}

// partnershipTypes are the types of partnershipColumns.
var partnershipTypes = append(slices.Clip(partnershipStageTypes), pgtype.TextOID, rawOID,
	pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID,
	pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.TextOID)

// appendDerivedRow appends p as a row of the partnerships table
// (partnershipColumns) in COPY's binary format (binaryRows), column for
// column as partnership_ends derives it: the staged values
// (appendPartnershipStageRow), the scale by geo.PartnerScale, the line
// between the actors' points, each end's commune codes (NULL abroad),
// kind, sector and country. It counts the row in tally (stage_tally.go).
func appendDerivedRow(buf []byte, p *geo.Partnership, ends *partnershipEnds, tally *partnershipTally) ([]byte, error) {
	ia, a, pa, okA := ends.end(p.ActorA)
	ib, b, pb, okB := ends.end(p.ActorB)
	if !okA || !okB {
		return nil, fmt.Errorf("partnership %d: an actor is unknown", p.ID)
	}
	scale := geo.PartnerScale(*pa, *pb)
	tally.add(p, ia, ib, a, b, pa, pb, scale)
	buf = appendPartnershipStageRow(buf, p)
	buf = appendText(buf, string(scale))
	buf = appendLine(buf, a.location, b.location)
	for _, pl := range []*geo.Place{pa, pb} {
		buf = appendOptionalText(buf, pl.Commune)
		buf = appendOptionalText(buf, pl.EPCI)
		buf = appendOptionalText(buf, pl.Departement)
		buf = appendOptionalText(buf, pl.Region)
	}
	for _, x := range []*endActor{a, b} {
		buf = appendText(buf, string(x.kind))
		buf = appendOptionalText(buf, string(x.sector))
		buf = appendText(buf, countryOrFrance(x.country))
	}
	return buf, nil
}
