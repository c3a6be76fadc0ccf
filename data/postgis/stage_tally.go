package postgis

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Partnerships derived in Go on the bulk path (stage_derived.go) are
// counted there too, into their four summaries, as each row is made for
// COPY, in the goroutine that makes them, while PostgreSQL parses the rows
// before. bulk_summaries('partnerships') aggregated the whole table again
// instead: 14–17 s of a national load (1.34 M partnerships, 1.2 M of them
// counted), on one backend. The counting follows the summaries' SQL
// (migrations 00015, 00024, 00025 and 00028) term for term: only the
// partnerships counted on data_version.summary_day, an empty code where
// the SQL coalesces a NULL one. TestBulkLoadEqualsRowLoad and
// TestBulkImportEqualsRowImport hold the summaries it writes to the row
// triggers'. Partnerships derived by the database
// (sql/bulk_insert_partnerships.sql) keep bulk_summaries.
//
// Every map access of a national count misses the cache (900 000 rows of
// flows, 533 000 tallies), so the counts take as few as they can: codes
// interned per level as int32 once per commune, the vocabularies as their
// place in geo's lists, and one flow key per level holding the counts of
// every category and domain (3 accesses where the table's rows would take
// 9). Keys of strings, one per row of each table, took 7 s, and COPY
// waited on them.

// flowKey is a pair of territories of a level (geo.Levels' index; codes
// interned) with a scale (geo.Scales' index).
type flowKey struct {
	level, scale uint8
	a, b         int32
}

// flowCounts are a flowKey's counts: all, then by category (geo.Categories
// order), then by domain (geo.Domains order), each a row of
// partnership_flow_counts.
type flowCounts [1 + 4 + 11]int64

// endKey is a row of partnership_end_counts but its count; domain and
// scale index geo's lists, sectors are 1 + their index in geo.Sectors
// (0: none).
type endKey struct {
	domain, scale                                uint8
	aFR, bFR, aCompany, bCompany                 bool
	aSector, bSector                             uint8
	aRegion, aDepartement, bRegion, bDepartement int32
}

// territoryCounts are a row of territory_partnership_counts but its level
// and code: the partnerships with an end in the territory, then those of
// each domain in geo.Domains order (the table's columns).
type territoryCounts [1 + 11]int64

// actorTally is a row of actor_tallies but its actor, in the table's
// column order (tallyKindColumns): ends, the four categories
// (geo.Categories order), insertion_emploi, local, regional, collectivite.
type actorTally [9]int64

// tallyKindColumns name actorTally's counts, the columns actor_tallies
// and actor_class_counts share.
func tallyKindColumns() []string {
	columns := []string{"ends"}
	for _, c := range geo.Categories {
		columns = append(columns, string(c))
	}
	return append(columns, "insertion_emploi", "local", "regional", "collectivite")
}

// placeIDs are a place's codes, interned per level in geo.Levels order.
type placeIDs [4]int32

// knownPlace is a place's codes, once interned.
type knownPlace struct {
	ids   placeIDs
	known bool
}

// interned numbers the codes of one level: 0 is "", no territory.
type interned struct {
	ids   map[string]int32
	names []string
}

func (in *interned) id(code string) int32 {
	if code == "" {
		return 0
	}
	id, ok := in.ids[code]
	if !ok {
		id = int32(len(in.names))
		in.ids[code] = id
		in.names = append(in.names, code)
	}
	return id
}

// partnershipTally counts partnerships into the four summaries.
type partnershipTally struct {
	n, nEnds    int           // the partnerships and ends to size for (newPartnershipTally)
	counted     data.Interval // the summary day, as a one-day interval; zero: every partnership
	codes       [4]interned
	places      []knownPlace // by place of the ends (partnershipEnds.places)
	flows       map[flowKey]*flowCounts
	territories [4][]territoryCounts // by level, then interned code
	tallied     []int32              // by actor's position in the ends: 1 + its place in tallies, 0: none yet
	tallies     []actorTally
	actors      []int64 // the actor of each tally
	ends        map[endKey]int64
	// classes, when set, are the actors of the ends in their order; once
	// written into the actors table, write counts actor_class_counts from
	// them (stage_classes.go).
	classes *actorClasses
}

// newPartnershipTally is a tally of n partnerships between actors ends
// (partnershipEnds' positions), sized by start: a stage may take the row
// path, which counts nothing here.
func newPartnershipTally(n, ends int) *partnershipTally {
	return &partnershipTally{n: n, nEnds: ends}
}

// start readies t to count the partnerships counted on day (every one when
// day is not Valid), as summary_rows does.
func (t *partnershipTally) start(day summaryDay) {
	t.counted = data.Interval{}
	if day.Valid {
		d := data.UTCDate(day.Time)
		t.counted = data.Interval{Start: d, End: d}
	}
	t.places = nil
	t.flows = make(map[flowKey]*flowCounts, t.n/4)
	t.tallied = make([]int32, t.nEnds)
	t.tallies, t.actors = nil, nil
	t.ends = make(map[endKey]int64, t.n/8)
	for l := range t.codes {
		t.codes[l] = interned{ids: map[string]int32{}, names: []string{""}}
	}
	for l := range t.territories {
		t.territories[l] = nil
	}
}

// place is the codes of pl, the place at of the ends (partnershipEnds'
// places), interned once.
func (t *partnershipTally) place(at int32, pl *geo.Place) placeIDs {
	if int(at) >= len(t.places) {
		t.places = append(t.places, make([]knownPlace, int(at)+1-len(t.places))...)
	}
	p := &t.places[at]
	if !p.known {
		for l, code := range [4]string{pl.Region, pl.Departement, pl.EPCI, pl.Commune} {
			p.ids[l] = t.codes[l].id(code)
		}
		p.known = true
	}
	return p.ids
}

// add counts p, whose ends are a and b (at positions ea and eb of the
// ends) at places pa and pb and whose scale is scale, as the summaries'
// statements count a row of partnerships. A category, domain or scale
// outside geo's lists is not counted: the table's checks refuse the row,
// and the load with it.
func (t *partnershipTally) add(p *geo.Partnership, ea, eb int32, a, b *endActor, pa, pb *geo.Place, scale geo.Scale) {
	category, domain, sc := slices.Index(geo.Categories, p.Category), slices.Index(geo.Domains, p.Domain), slices.Index(geo.Scales, scale)
	if category < 0 || domain < 0 || sc < 0 || !t.counted.ActiveDuring(p.Start, p.End) {
		return
	}
	ia, ib := t.place(a.place, pa), t.place(b.place, pb)
	// partnership_flow_counts: per level but the communes.
	for l := range uint8(3) {
		k := flowKey{l, uint8(sc), ia[l], ib[l]}
		c := t.flows[k]
		if c == nil {
			c = new(flowCounts)
			t.flows[k] = c
		}
		c[0]++
		c[1+category]++
		c[1+len(geo.Categories)+domain]++
	}
	// territory_partnership_counts: each end's territory, a partnership
	// with both ends in one counted once there.
	for l := range ia {
		t.countTerritory(l, ia[l], domain)
		if ib[l] != ia[l] {
			t.countTerritory(l, ib[l], domain)
		}
	}
	// actor_tallies: each end's actor, with its partner's kind.
	t.tally(ea, p.ActorA, category, p.Domain, scale, b.kind)
	t.tally(eb, p.ActorB, category, p.Domain, scale, a.kind)
	// partnership_end_counts.
	t.ends[endKey{
		domain: uint8(domain), scale: uint8(sc),
		aFR: countryOrFrance(a.country) == "FR", bFR: countryOrFrance(b.country) == "FR",
		aCompany: a.kind == geo.KindEntreprise, bCompany: b.kind == geo.KindEntreprise,
		aSector: companySector(a), bSector: companySector(b),
		aRegion: ia[0], aDepartement: ia[1], bRegion: ib[0], bDepartement: ib[1],
	}]++
}

// countTerritory counts a partnership of domain (geo.Domains' index) for
// the territory of level (geo.Levels' index) whose code is interned as
// code; 0, no code (an end abroad, a commune of no EPCI), is no territory.
func (t *partnershipTally) countTerritory(level int, code int32, domain int) {
	if code == 0 {
		return
	}
	counts := &t.territories[level]
	if int(code) >= len(*counts) {
		*counts = append(*counts, make([]territoryCounts, int(code)+1-len(*counts))...)
	}
	c := &(*counts)[code]
	c[0]++
	c[1+domain]++
}

// tally counts an end for actor, at position at of the ends, of a
// partnership of category (geo.Categories' index), domain and scale, whose
// partner is of kind partner.
func (t *partnershipTally) tally(at int32, actor int64, category int, domain geo.Domain, scale geo.Scale, partner geo.ActorKind) {
	slot := t.tallied[at]
	if slot == 0 {
		t.tallies = append(t.tallies, actorTally{})
		t.actors = append(t.actors, actor)
		slot = int32(len(t.tallies))
		t.tallied[at] = slot
	}
	c := &t.tallies[slot-1]
	c[0]++
	c[1+category]++
	if domain == geo.DomainInsertionEmploi {
		c[5]++
	}
	switch scale {
	case geo.ScaleLocal:
		c[6]++
	case geo.ScaleRegional:
		c[7]++
	}
	if partner == geo.KindCollectivite {
		c[8]++
	}
}

// companySector is an end's sector in partnership_end_counts, as 1 + its
// index in geo.Sectors: a company's own, 0 ("") for an unknown one and for
// every other kind of actor.
func companySector(a *endActor) uint8 {
	if a.kind != geo.KindEntreprise {
		return 0
	}
	return uint8(1 + slices.Index(geo.Sectors, a.sector))
}

// sectorName is the text of companySector's number.
func sectorName(s uint8) string {
	if s == 0 {
		return ""
	}
	return string(geo.Sectors[s-1])
}

// write copies t's counts into the four summaries, which must be empty,
// each row made as COPY asks for it: the 900 000 flows of a national load
// as [][]any would have taken 250 MB more. The tallies' trigger adding
// their actors to actor_class_counts is set aside for their COPY (6.9 s
// of upserts for 533 000 tallies), and the classes are counted afresh
// once instead: here when t.classes holds the actors just written
// (stage_classes.go), else before the transaction commits (defer_recount,
// migration 00030; countDeferred).
func (t *partnershipTally) write(ctx context.Context, tx pgx.Tx) error {
	// The classes (0.7 s of Go for 1.85 M actors) are counted while the
	// other counts are copied.
	var classes chan map[classKey]*classCounts
	if t.classes != nil && t.classes.written {
		classes = make(chan map[classKey]*classCounts, 1)
		go func() { classes <- t.classes.count(t.tallied, t.tallies) }()
	}
	recreate, err := dropTriggers(ctx, tx, "actor_tallies", []string{"actor_tallies_classes_insert"})
	if err != nil {
		return err
	}
	territoryColumns := []string{"level", "code", "n"}
	for _, d := range geo.Domains {
		territoryColumns = append(territoryColumns, string(d))
	}
	rank, err := collationRanks(ctx, tx, vocabulary())
	if err != nil {
		return err
	}
	for _, c := range []struct {
		table   string
		columns []string
		rows    iter.Seq[[]any]
	}{
		{"partnership_flow_counts", []string{"level", "category", "domain", "a", "b", "scale", "n"}, t.flowRows(rank)},
		{"territory_partnership_counts", territoryColumns, t.territoryRows()},
		{"actor_tallies", append([]string{"actor"}, tallyKindColumns()...), t.tallyRows()},
		{"partnership_end_counts", []string{"domain", "scale", "a_region", "a_departement", "b_region", "b_departement",
			"a_fr", "b_fr", "a_company", "b_company", "a_sector", "b_sector", "n"}, t.endRows(rank)},
	} {
		if err := copySeq(ctx, tx, c.table, c.columns, c.rows); err != nil {
			return err
		}
	}
	if err := execAll(ctx, tx, recreate); err != nil {
		return err
	}
	if classes != nil {
		return writeClasses(ctx, tx, <-classes, rank)
	}
	if _, err := tx.Exec(ctx, "SELECT defer_recount('actor_class_counts')"); err != nil {
		return fmt.Errorf("actor_class_counts: %w", translate(ctx, err))
	}
	return nil
}
