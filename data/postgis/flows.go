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
		// 175 000 rows of EPCI flows name 1 250 territories and 4 scales:
		// each is made a string once (pgx's Scan made three a row).
		codes := map[string]string{}
		code := func(raw []byte) string {
			c, ok := codes[string(raw)]
			if !ok {
				c = string(raw)
				codes[c] = c
			}
			return c
		}
		var n int64
		for rows.Next() {
			if err := rows.Scan(nil, nil, nil, &n); err != nil {
				return err
			}
			raw := rows.RawValues() // the codes and scale as text; NULL (nil) is ""
			groups = append(groups, geo.FlowGroup{FlowEnd: geo.FlowEnd{From: code(raw[0]), To: code(raw[1]), Scale: geo.Scale(code(raw[2]))}, N: int(n)})
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
			// The level's rows (175 000 of the 900 000 for the EPCIs of a
			// national database) are a prefix of the summary's key, yet the
			// planner, expecting more of them, read the whole table: 80 ms
			// in shared buffers, 260 ms from the disk cache after a load,
			// against 40 ms as a bitmap of the key.
			if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
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
