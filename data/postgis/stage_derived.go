package postgis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
)

// A dataset loaded whole (LoadDataset) holds every actor and commune its
// partnerships name, so the bulk path writes its partnerships as stored,
// the columns the row path's trigger derives (partnerships_derive,
// migration 00013) computed here, and copies them straight into the empty
// table. Deriving them in PostgreSQL (sql/bulk_insert_partnerships.sql:
// the staged rows joined to their actors and communes) took 10.3 s of a
// national load and staging them 1.2 s more, on one core, while this
// derivation runs in the goroutine making COPY's rows, on the other.
// TestBulkLoadEqualsRowLoad holds the rows written this way to the
// trigger's.

// partnershipColumns are the columns of a partnership as stored: the
// staged ones, then the derived ones in partnership_ends' order.
var partnershipColumns = append(slices.Clip(partnershipStageColumns),
	"scale", "geom", "a_commune", "a_epci", "a_departement", "a_region",
	"b_commune", "b_epci", "b_departement", "b_region",
	"a_kind", "a_sector", "a_country", "b_kind", "b_sector", "b_country")

// partnershipEnds are the actors a dataset's partnerships name: each
// actor's position in ds.Actors by id, and each commune's place by code.
type partnershipEnds struct {
	actors   []geo.Actor
	at       map[int64]int32
	communes map[string]geo.Place
}

// end is what a partnership's row says of one of its actors: the actor,
// and its place (its commune's codes, or only its country abroad).
func (e partnershipEnds) end(id int64) (*geo.Actor, geo.Place) {
	a := &e.actors[e.at[id]]
	var commune geo.Place
	if !a.Abroad() {
		commune = e.communes[a.CommuneCode]
	}
	return a, dataset.ActorPlace(*a, commune)
}

// loadedPartnershipsStage is partnershipsStage for a dataset loaded whole:
// on the bulk path its rows are copied as stored (derivedRow), in id
// order, when ds holds every actor they name and every commune those
// actors name; otherwise, or on the row path, they are staged as any
// partnerships are.
func loadedPartnershipsStage(ds *dataset.Dataset) stage {
	st := partnershipsStage(ds.Partnerships)
	ends, ok := endsOf(ds)
	if !ok {
		return st
	}
	order := make([]int32, len(ds.Partnerships))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(ds.Partnerships[x].ID, ds.Partnerships[y].ID) })
	bulk := *st.bulk
	bulk.copyInto = true
	st.bulk = &bulk
	st.stored = &storedRows{columns: partnershipColumns, row: func(i int) ([]any, error) {
		return derivedRow(&ds.Partnerships[order[i]], ends)
	}}
	return st
}

// endsOf indexes the actors and communes of ds; ok is false when a
// partnership names an actor ds lacks, or an actor a commune ds lacks: the
// database, which may hold them, derives those rows then.
func endsOf(ds *dataset.Dataset) (partnershipEnds, bool) {
	e := partnershipEnds{actors: ds.Actors, at: make(map[int64]int32, len(ds.Actors)), communes: map[string]geo.Place{}}
	for _, t := range ds.Territories {
		if t.Level == geo.LevelCommune {
			e.communes[t.Code] = dataset.TerritoryPlace(t)
		}
	}
	for i := range ds.Actors {
		a := &ds.Actors[i]
		if _, found := e.communes[a.CommuneCode]; a.CommuneCode != "" && !a.Abroad() && !found {
			return partnershipEnds{}, false
		}
		e.at[a.ID] = int32(i)
	}
	for _, p := range ds.Partnerships {
		_, okA := e.at[p.ActorA]
		_, okB := e.at[p.ActorB]
		if !okA || !okB {
			return partnershipEnds{}, false
		}
	}
	return e, true
}

// derivedRow is p as a row of the partnerships table (partnershipColumns),
// column for column as partnership_ends derives it: the scale by
// geo.PartnerScale, the line between the actors' points, each end's
// commune codes (NULL abroad), kind, sector and country.
func derivedRow(p *geo.Partnership, ends partnershipEnds) ([]any, error) {
	a, pa := ends.end(p.ActorA)
	b, pb := ends.end(p.ActorB)
	line, err := ewkb.Marshal(orb.LineString{a.Location, b.Location}, 4326)
	if err != nil {
		return nil, fmt.Errorf("partnership %d: %w", p.ID, err)
	}
	row := appendPartnershipStage(make([]any, 0, len(partnershipColumns)), p)
	row = append(row, string(geo.PartnerScale(pa, pb)), line)
	for _, pl := range []geo.Place{pa, pb} {
		row = append(row, optionalText(pl.Commune), optionalText(pl.EPCI), optionalText(pl.Departement), optionalText(pl.Region))
	}
	for _, x := range []*geo.Actor{a, b} {
		row = append(row, string(x.Kind), optionalText(string(x.Sector)), actorCountry(x))
	}
	return row, nil
}
