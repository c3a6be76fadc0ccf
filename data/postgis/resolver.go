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
		return needTerritories | needActors
	case data.ImportAllianceMembers:
		return needActors | needAlliances
	}
	return 0
}

// loadResolver fills a dataset.Index with what the readers of a kind will
// look up, read inside the import's transaction. One bulk read per table is
// far cheaper than a query per row, and using the readers' own Index keeps
// an import's checks identical to the embedded store's.
func loadResolver(ctx context.Context, tx pgx.Tx, need tables) (*dataset.Index, error) {
	x := dataset.NewIndex()
	if need&needTerritories != 0 {
		var t geo.Territory
		var level string
		var p orb.Point
		rows, _ := tx.Query(ctx, fixedSQL("resolver_territories"))
		_, err := pgx.ForEachRow(rows, []any{&level, &t.Code, &t.RegionCode, &t.DepartementCode, &t.EPCICode, &p[0], &p[1]},
			func() error {
				t.Level, t.Geometry = geo.Level(level), p
				x.AddTerritory(t)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("resolver territories: %w", err)
		}
	}
	if need&needIndicators != 0 {
		rows, _ := tx.Query(ctx, fixedSQL("resolver_indicators"))
		inds, err := pgx.CollectRows(rows, scanIndicator)
		if err != nil {
			return nil, fmt.Errorf("resolver indicators: %w", err)
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
			return nil, fmt.Errorf("resolver actors: %w", err)
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
			return nil, fmt.Errorf("resolver alliances: %w", err)
		}
	}
	return x, nil
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
