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
var partnershipColumns = []string{"id", "actor_a", "actor_b", "category", "domain", "start_date", "end_date", "stage",
	"scale", "geom", "a_commune", "a_epci", "a_departement", "a_region",
	"b_commune", "b_epci", "b_departement", "b_region",
	"a_kind", "a_sector", "a_country", "b_kind", "b_sector", "b_country"}

// partnershipEnd is what a partnership's row says of one of its actors.
type partnershipEnd struct {
	actor *geo.Actor
	place geo.Place // its commune's codes, or only its country abroad
}

// loadedPartnershipsStage is partnershipsStage for a dataset loaded whole:
// on the bulk path its rows are copied as stored (derivedRow), in id
// order, when ds holds every actor they name and every commune those
// actors name; otherwise, or on the row path, they are staged as any
// partnerships are.
func loadedPartnershipsStage(ds *dataset.Dataset) stage {
	st := partnershipsStage(ds.Partnerships)
	ends, ok := partnershipEnds(ds)
	if !ok || st.bulk == nil {
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

// partnershipEnds gives each actor of ds by id with its place; ok is false
// when a partnership names an actor ds lacks, or an actor a commune ds
// lacks: the database, which may hold them, derives those rows then.
func partnershipEnds(ds *dataset.Dataset) (map[int64]partnershipEnd, bool) {
	communes := make(map[string]geo.Place)
	for _, t := range ds.Territories {
		if t.Level == geo.LevelCommune {
			communes[t.Code] = dataset.TerritoryPlace(t)
		}
	}
	ends := make(map[int64]partnershipEnd, len(ds.Actors))
	for i := range ds.Actors {
		a := &ds.Actors[i]
		var commune geo.Place
		if a.CommuneCode != "" && !a.Abroad() {
			var found bool
			if commune, found = communes[a.CommuneCode]; !found {
				return nil, false
			}
		}
		ends[a.ID] = partnershipEnd{actor: a, place: dataset.ActorPlace(*a, commune)}
	}
	for _, p := range ds.Partnerships {
		if _, ok := ends[p.ActorA]; !ok {
			return nil, false
		}
		if _, ok := ends[p.ActorB]; !ok {
			return nil, false
		}
	}
	return ends, true
}

// derivedRow is p as a row of the partnerships table (partnershipColumns),
// column for column as partnership_ends derives it: the scale by
// geo.PartnerScale, the line between the actors' points, each end's
// commune codes (NULL abroad), kind, sector and country.
func derivedRow(p *geo.Partnership, ends map[int64]partnershipEnd) ([]any, error) {
	a, b := ends[p.ActorA], ends[p.ActorB]
	line, err := ewkb.Marshal(orb.LineString{a.actor.Location, b.actor.Location}, 4326)
	if err != nil {
		return nil, fmt.Errorf("partnership %d: %w", p.ID, err)
	}
	row := []any{p.ID, p.ActorA, p.ActorB, string(p.Category), string(p.Domain), p.Start, optionalDate(p.End),
		optionalText(string(p.Stage)), string(geo.PartnerScale(a.place, b.place)), line}
	for _, e := range []partnershipEnd{a, b} {
		row = append(row, optionalText(e.place.Commune), optionalText(e.place.EPCI),
			optionalText(e.place.Departement), optionalText(e.place.Region))
	}
	for _, e := range []partnershipEnd{a, b} {
		row = append(row, string(e.actor.Kind), optionalText(string(e.actor.Sector)), actorCountry(e.actor))
	}
	return row, nil
}
