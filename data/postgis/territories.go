package postgis

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb/encoding/wkb"
)

// Territory returns the territory of a level with a code. Both are needed:
// région and département codes overlap ("84" is Auvergne-Rhône-Alpes and
// Vaucluse).
func (s *Store) Territory(ctx context.Context, level geo.Level, code string) (geo.Territory, error) {
	sql := fixedSQL("territory_select") + "\n WHERE t.level = $1 AND t.code = $2"
	rows, err := s.reader(ctx).Query(ctx, sql, string(level), code)
	if err != nil {
		return geo.Territory{}, fmt.Errorf("territory %s %q: %w", level, code, translate(ctx, err))
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanTerritory)
	if errors.Is(err, pgx.ErrNoRows) {
		return geo.Territory{}, fmt.Errorf("territory %s %q: %w", level, code, data.ErrNotFound)
	}
	if err != nil {
		return geo.Territory{}, fmt.Errorf("territory %s %q: %w", level, code, translate(ctx, err))
	}
	return t, nil
}

// Children lists the territories of childLevel whose parent code of
// parentLevel is parent, by code. An unknown parent wraps data.ErrNotFound; a
// parent no wider than the children has none.
func (s *Store) Children(ctx context.Context, parentLevel geo.Level, parent string, childLevel geo.Level) ([]geo.Territory, error) {
	var exists bool
	if err := s.reader(ctx).QueryRow(ctx, fixedSQL("territory_exists"), string(parentLevel), parent).Scan(&exists); err != nil {
		return nil, fmt.Errorf("children of %s %q: %w", parentLevel, parent, translate(ctx, err))
	}
	if !exists {
		return nil, fmt.Errorf("territory %s %q: %w", parentLevel, parent, data.ErrNotFound)
	}
	p, ok := childrenPlan(parentLevel, parent, childLevel)
	if !ok {
		return []geo.Territory{}, nil
	}
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return nil, fmt.Errorf("children of %s %q: %w", parentLevel, parent, translate(ctx, err))
	}
	list, err := pgx.CollectRows(rows, scanTerritory)
	if err != nil {
		return nil, fmt.Errorf("children of %s %q: %w", parentLevel, parent, translate(ctx, err))
	}
	if list == nil {
		list = []geo.Territory{}
	}
	return list, nil
}

// childrenPlan selects the territories of level child whose parent code of
// level parentLevel is parent; false when parentLevel is not wider than
// child, or has no column. The parent column comes from a whitelist (one per
// wider level) and is quoted; the values are arguments.
func childrenPlan(parentLevel geo.Level, parent string, child geo.Level) (plan, bool) {
	column := map[geo.Level]string{
		geo.LevelRegion:      "region",
		geo.LevelDepartement: "departement",
		geo.LevelEPCI:        "epci",
	}[parentLevel]
	wider := slices.Index(geo.Levels, parentLevel) < slices.Index(geo.Levels, child)
	if column == "" || !wider || !child.Valid() {
		return plan{}, false
	}
	sql := fixedSQL("territory_select") +
		"\n WHERE t.level = $1 AND t." + pgx.Identifier{column}.Sanitize() + " = $2" +
		"\n ORDER BY t.code"
	return plan{sql, []any{string(child), parent}}, true
}

// scanTerritory reads one row of territory_select.sql.
func scanTerritory(row pgx.CollectableRow) (geo.Territory, error) {
	var (
		t       geo.Territory
		level   string
		geomWKB []byte
		density int16
	)
	err := row.Scan(&level, &t.Code, &t.Name, &t.RegionCode, &t.DepartementCode, &t.EPCICode,
		&t.Population, &geomWKB, &t.Approximate, &density, &t.Typology.QPVShare,
		&t.Typology.RuralRevitalisation, &t.Typology.NaturalPark,
		&t.Alliances.Count, &t.Alliances.FirstYear)
	if err != nil {
		return geo.Territory{}, err
	}
	t.Level = geo.Level(level)
	t.Typology.DensityClass = int(density)
	if geomWKB == nil { // territory_profiles.sql reads none
		return t, nil
	}
	if t.Geometry, err = wkb.Unmarshal(geomWKB); err != nil {
		return geo.Territory{}, fmt.Errorf("territory %s geometry: %w", t.Code, err)
	}
	return t, nil
}

// TerritoryProfiles implements data.Store with territory_profiles.sql.
func (s *Store) TerritoryProfiles(ctx context.Context, level geo.Level) ([]geo.Territory, error) {
	if err := data.CheckProfilesLevel(level); err != nil {
		return nil, err
	}
	rows, err := s.reader(ctx).Query(ctx, fixedSQL("territory_profiles"), string(level))
	if err != nil {
		return nil, fmt.Errorf("territories of %s: %w", level, translate(ctx, err))
	}
	list, err := pgx.CollectRows(rows, scanTerritory)
	if err != nil {
		return nil, fmt.Errorf("territories of %s: %w", level, translate(ctx, err))
	}
	if list == nil {
		list = []geo.Territory{}
	}
	return list, nil
}
