package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Flows implements data.Store: flowsPlan groups in SQL, geo.AggregateFlowGroups
// folds the groups exactly as the embedded store's geo.AggregateFlows does,
// then anchorsPlan places each territory.
func (s *Store) Flows(ctx context.Context, level geo.Level, q data.ItemsQuery) (geo.FlowSummary, error) {
	if err := data.CheckFlows(level, q); err != nil {
		return geo.FlowSummary{}, fmt.Errorf("flows: %w", err)
	}
	if err := q.Validate(); err != nil {
		return geo.FlowSummary{}, fmt.Errorf("flows: %w", err)
	}
	var groups []geo.FlowGroup
	read := func(db querier, day summaryDay) error {
		p, err := flowsPlan(level, q, day)
		if err != nil {
			return err
		}
		rows, err := db.Query(ctx, p.sql, p.custom()...)
		if err != nil {
			return translate(ctx, err)
		}
		defer rows.Close()
		for rows.Next() {
			var a, b *string
			var scale string
			var n int64
			if err := rows.Scan(&a, &b, &scale, &n); err != nil {
				return err
			}
			groups = append(groups, geo.FlowGroup{FlowEnd: geo.FlowEnd{From: deref(a), To: deref(b), Scale: geo.Scale(scale)}, N: int(n)})
		}
		rows.Close()
		return translate(ctx, rows.Err())
	}
	var err error
	if _, summary := flowCountsPlan(level, q); summary {
		// The summary counts one day: read which in the transaction that
		// reads it.
		err = pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			day, err := readSummaryDay(ctx, tx)
			if err != nil {
				return err
			}
			return read(tx, day)
		})
	} else {
		err = read(s.reader(ctx), summaryDay{})
	}
	if err != nil {
		return geo.FlowSummary{}, fmt.Errorf("flows: %w", translate(ctx, err))
	}
	sum := geo.AggregateFlowGroups(groups, q.Limit)
	if sum.Anchors, err = s.anchors(ctx, level, sum.Territories); err != nil {
		return geo.FlowSummary{}, err
	}
	return sum, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
