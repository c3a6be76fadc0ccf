package postgis

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// anchorCache keeps each territory's anchor (its name and a point inside
// it, ST_PointOnSurface) once read, for one indicators' version, which
// every change of the territories bumps (migration 00019). Reading them
// took 29 ms of each commune-flows computation (the dense zoom-12 tiles
// of a city view, a thousand communes of an EPCI's flows), after every
// write of partnerships although no territory moved. Only the codes asked
// for are read, so a level is never read whole for one EPCI.
type anchorCache struct {
	mu         sync.Mutex
	indicators uint64
	byLevel    map[geo.Level]map[string]geo.FlowAnchor
}

// anchors names and places the territories of a summary.
func (s *Store) anchors(ctx context.Context, level geo.Level, ts []geo.TerritoryFlows) (map[string]geo.FlowAnchor, error) {
	out := make(map[string]geo.FlowAnchor, len(ts))
	err := pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var indicators uint64
		if err := tx.QueryRow(ctx, "SELECT indicators FROM data_version").Scan(&indicators); err != nil {
			return err
		}
		missing := s.anchorsKept.lookup(indicators, level, ts, out)
		if len(missing) == 0 {
			return nil
		}
		p := anchorsPlan(level, missing)
		rows, err := tx.Query(ctx, p.sql, p.custom()...)
		if err != nil {
			return err
		}
		defer rows.Close()
		read := make(map[string]geo.FlowAnchor, len(missing))
		for rows.Next() {
			var code, name string
			var x, y *float64
			if err := rows.Scan(&code, &name, &x, &y); err != nil {
				return err
			}
			a := geo.FlowAnchor{Name: name}
			if x != nil && y != nil { // an empty geometry has no point
				a.Point = orb.Point{*x, *y}
			}
			read[code], out[code] = a, a
		}
		if err := rows.Err(); err != nil {
			return err
		}
		s.anchorsKept.keep(indicators, level, read)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("flows anchors: %w", translate(ctx, err))
	}
	return out, nil
}

// lookup copies into out the anchors of ts kept for this indicators'
// version and returns the codes it does not keep.
func (c *anchorCache) lookup(indicators uint64, level geo.Level, ts []geo.TerritoryFlows, out map[string]geo.FlowAnchor) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var kept map[string]geo.FlowAnchor
	if c.indicators == indicators {
		kept = c.byLevel[level]
	}
	var missing []string
	for _, t := range ts {
		if a, ok := kept[t.Code]; ok {
			out[t.Code] = a
		} else {
			missing = append(missing, t.Code)
		}
	}
	return missing
}

// keep adds anchors read under this indicators' version, dropping those of
// any other. A code absent from the territories is not kept (nor found):
// it is read again next time, as before.
func (c *anchorCache) keep(indicators uint64, level geo.Level, read map[string]geo.FlowAnchor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.indicators != indicators || c.byLevel == nil {
		if indicators < c.indicators {
			return // read under an older version than the one kept
		}
		c.indicators, c.byLevel = indicators, map[geo.Level]map[string]geo.FlowAnchor{}
	}
	kept := c.byLevel[level]
	if kept == nil {
		kept = map[string]geo.FlowAnchor{}
		c.byLevel[level] = kept
	}
	for code, a := range read {
		kept[code] = a
	}
}
