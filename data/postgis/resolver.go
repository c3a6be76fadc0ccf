package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// The tables an import's resolver may need, as bits.
type tables uint8

const (
	needTerritories tables = 1 << iota
	needIndicators
	needActors
	needAlliances
	// needActorEnds reads, besides each actor's place, what a
	// partnership's row takes from it (partnershipEnds).
	needActorEnds
)

// resolverNeeds says which tables the reader of a kind looks rows up in.
func resolverNeeds(kind data.ImportKind) tables {
	switch kind {
	case data.ImportTerritories, data.ImportContours, data.ImportActors, data.ImportSirene, data.ImportRNA, data.ImportAlliances:
		return needTerritories
	case data.ImportIndicatorValues:
		return needTerritories | needIndicators
	case data.ImportPartnerships:
		// Actors' places come from their communes.
		return needTerritories | needActorEnds
	case data.ImportAllianceMembers:
		return needActors | needAlliances
	}
	return 0
}

// loadResolver fills a dataset.Index with what the readers of a kind will
// look up, read inside the import's transaction. One bulk read per table is
// far cheaper than a query per row, and using the readers' own Index keeps
// an import's checks identical to the embedded store's. With
// needActorEnds, the actors are read into ends instead, which answer the
// resolver's questions about them too (endsResolver); ends is nil
// otherwise.
func loadResolver(ctx context.Context, tx pgx.Tx, need tables) (dataset.Resolver, *partnershipEnds, error) {
	x := dataset.NewIndex()
	var communes map[string]geo.Place // with needActorEnds, for the ends
	if need&needActorEnds != 0 {
		communes = map[string]geo.Place{}
	}
	if need&needTerritories != 0 {
		var t geo.Territory
		var level string
		var p orb.Point
		rows, _ := tx.Query(ctx, fixedSQL("resolver_territories"))
		_, err := pgx.ForEachRow(rows, []any{&level, &t.Code, &t.RegionCode, &t.DepartementCode, &t.EPCICode, &p[0], &p[1]},
			func() error {
				t.Level, t.Geometry = geo.Level(level), p
				x.AddTerritory(t)
				if communes != nil && t.Level == geo.LevelCommune {
					communes[t.Code] = dataset.TerritoryPlace(t)
				}
				return nil
			})
		if err != nil {
			return nil, nil, fmt.Errorf("resolver territories: %w", err)
		}
	}
	if need&needIndicators != 0 {
		rows, _ := tx.Query(ctx, fixedSQL("resolver_indicators"))
		inds, err := pgx.CollectRows(rows, scanIndicator)
		if err != nil {
			return nil, nil, fmt.Errorf("resolver indicators: %w", err)
		}
		for _, ind := range inds {
			x.AddIndicator(ind)
		}
	}
	if need&needActors != 0 {
		var a geo.Actor
		rows, _ := tx.Query(ctx, fixedSQL("resolver_actors"))
		_, err := pgx.ForEachRow(rows, []any{&a.ID, &a.CommuneCode, &a.Country}, func() error {
			x.AddActor(a)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("resolver actors: %w", err)
		}
	}
	var ends *partnershipEnds
	if communes != nil {
		var err error
		if ends, err = readActorEnds(ctx, tx, communes); err != nil {
			return nil, nil, err
		}
	}
	if need&needAlliances != 0 {
		var id int64
		rows, _ := tx.Query(ctx, fixedSQL("resolver_alliances"))
		_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
			x.AddAlliance(id)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("resolver alliances: %w", err)
		}
	}
	if ends != nil {
		return endsResolver{Index: x, ends: ends}, ends, nil
	}
	return x, nil, nil
}

// readActorEnds reads every actor into ends whose communes are known.
// The few distinct kinds, sectors, countries and communes are kept once
// each rather than once per actor (1.85 M on national data).
func readActorEnds(ctx context.Context, tx pgx.Tx, communes map[string]geo.Place) (*partnershipEnds, error) {
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM actors").Scan(&n); err != nil {
		return nil, fmt.Errorf("resolver actors: %w", err)
	}
	ends := newPartnershipEnds(n)
	ends.communes = communes
	seen := map[string]string{}
	intern := func(s string) string {
		if v, ok := seen[s]; ok {
			return v
		}
		seen[s] = s
		return s
	}
	var (
		id                             int64
		kind, sector, country, commune string
		p                              orb.Point
	)
	rows, _ := tx.Query(ctx, fixedSQL("resolver_actor_ends"))
	_, err := pgx.ForEachRow(rows, []any{&id, &kind, &sector, &country, &commune, &p[0], &p[1]}, func() error {
		ends.add(id, commune, endActor{kind: geo.ActorKind(intern(kind)), sector: geo.Sector(intern(sector)),
			country: intern(country), location: p})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("resolver actors: %w", err)
	}
	return ends, nil
}

// scanIndicator reads one row of resolver_indicators.sql.
func scanIndicator(row pgx.CollectableRow) (geo.Indicator, error) {
	var (
		ind                geo.Indicator
		level, aggregation string
		domains            []string
	)
	err := row.Scan(&ind.ID, &ind.Label, &ind.Theme, &ind.Unit, &ind.Source, &ind.Year, &level,
		&ind.HigherIsWorse, &aggregation, &ind.Scale, &ind.Synthetic, &domains)
	if err != nil {
		return ind, err
	}
	ind.FinestLevel, ind.Aggregation = geo.Level(level), geo.Aggregation(aggregation)
	for _, d := range domains {
		ind.Domains = append(ind.Domains, geo.Domain(d))
	}
	return ind, nil
}
