package postgis

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// territoryColumn is the column of a commune's row naming its territory of
// a level (a fixed list: levels reach SQL only through it).
var territoryColumn = map[geo.Level]string{
	geo.LevelCommune:     "code",
	geo.LevelEPCI:        "epci",
	geo.LevelDepartement: "departement",
	geo.LevelRegion:      "region",
}

// History reads the history table (migration 00020) oldest first. A
// feature's history is its own rows and, for an alliance, its members'
// (feature id "alliance:actor"); a deleted feature keeps its rows. The
// territory of q matches a change whose row, before or after it, lies in
// it: an actor's commune, either end of a partnership, an alliance's
// territory.
func (s *Store) History(ctx context.Context, q data.HistoryQuery) ([]data.HistoryEntry, error) {
	args := argList{}
	conds := []string{"h.id > " + args.add(q.After)}
	if q.Collection != "" {
		cols := []string{q.Collection}
		if q.Collection == data.CollectionAlliances {
			cols = append(cols, "alliance_members")
		}
		conds = append(conds, "h.collection = ANY("+args.add(cols)+"::text[])")
	}
	if q.FeatureID != "" {
		id := args.add(q.FeatureID)
		conds = append(conds, "(h.feature_id = "+id+" OR (h.collection = 'alliance_members' AND h.feature_id LIKE "+id+" || ':%'))")
	}
	if !q.Since.IsZero() {
		conds = append(conds, "h.at >= "+args.add(q.Since))
	}
	if !q.Until.IsZero() {
		conds = append(conds, "h.at < "+args.add(q.Until))
	}
	if t := q.Territory; t != nil {
		col, ok := territoryColumn[t.Level]
		if !ok {
			return nil, &data.FilterError{Property: "level", Problem: fmt.Sprintf("=%q is not a level", t.Level)}
		}
		code := args.add(t.Code)
		conds = append(conds, `EXISTS (
	SELECT 1 FROM (VALUES (h.before), (h.after)) d (doc)
	 CROSS JOIN LATERAL (VALUES (d.doc->>'commune'), (d.doc->>'a_commune'), (d.doc->>'b_commune')) e (commune)
	  JOIN territories c ON c.level = 'commune' AND c.code = e.commune
	 WHERE c.`+col+` = `+code+`)
	OR EXISTS (SELECT 1 FROM (VALUES (h.before), (h.after)) d (doc)
	 WHERE d.doc->>'territory_level' = `+args.add(string(t.Level))+` AND d.doc->>'territory' = `+code+`)`)
	}
	limit := q.Limit
	if limit <= 0 || limit > data.MaxLimit {
		limit = data.MaxLimit
	}
	sql := `SELECT h.id, h.at, h.author, h.collection, coalesce(h.feature_id, ''), h.operation, h.before, h.after
	  FROM history h WHERE ` + strings.Join(conds, " AND ") + " ORDER BY h.id LIMIT " + args.add(limit)
	rows, _ := s.pool.Query(ctx, sql, args...)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.HistoryEntry, error) {
		var e data.HistoryEntry
		err := r.Scan(&e.ID, &e.At, &e.Author, &e.Collection, &e.FeatureID, &e.Operation, &e.Before, &e.After)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("history: %w", translate(ctx, err))
	}
	return out, nil
}
