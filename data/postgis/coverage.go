package postgis

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// Coverage implements data.Store from territory_partnership_counts
// (migrations 00010 and 00028), where counting the partnerships touching
// 34 875 communes would read every partnership. It reads the territories
// (kept per indicators' version for a whole level: coverageTerritories)
// and the counts, a row per territory, as two plain scans joined in Go by
// code: joining and sorting the counts in PostgreSQL took 360–560 ms at
// national size, where the scans take a fraction of it. The counts are
// decoded from their wire bytes, so a national read allocates per
// territory, not per count.
func (s *Store) Coverage(ctx context.Context, level geo.Level, within *data.TerritoryRef, during *data.Interval) ([]data.TerritoryCoverage, error) {
	if err := data.CheckCoverage(level, within); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	var out []data.TerritoryCoverage
	err := pgx.BeginTxFunc(ctx, s.reader(ctx), pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if within != nil {
			var exists bool
			if err := tx.QueryRow(ctx, fixedSQL("territory_exists"), string(within.Level), within.Code).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return fmt.Errorf("coverage within %s %q: %w", within.Level, within.Code, data.ErrNotFound)
			}
		}
		day, err := readSummaryDay(ctx, tx)
		if err != nil {
			return err
		}
		terr, counts := coveragePlans(level, within, during, day)
		list, err := s.coverageTerritories(ctx, tx, level, within, terr)
		if err != nil {
			return err
		}
		out = slices.Clone(list.territories)
		index := &list.index
		rows, err := tx.Query(ctx, counts.sql, counts.custom()...)
		if err != nil {
			return err
		}
		defer rows.Close()
		// code, total, then one count per domain in geo.Domains' order.
		fields := rows.FieldDescriptions()
		if len(fields) != 2+geo.NumDomains {
			rows.Close() // a failed statement has no columns: its error first
			if err := rows.Err(); err != nil {
				return err
			}
			return fmt.Errorf("coverage: %d columns of counts, want %d", len(fields), 2+geo.NumDomains)
		}
		for rows.Next() {
			raw := rows.RawValues()
			i, ok := index.find(raw[0])
			if !ok {
				continue
			}
			for k := 1; k < len(raw); k++ {
				n, err := wireInt8(fields[k].Format, raw[k])
				if err != nil {
					return err
				}
				if k == 1 {
					out[i].Partnerships = int(n)
				} else {
					out[i].ByDomain[k-2] = int(n)
				}
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", translate(ctx, err))
	}
	if out == nil {
		out = []data.TerritoryCoverage{}
	}
	return out, nil
}

// coveragePlans are the two scans of Coverage: the territories of level
// (inside within) by code, and their counts, one row per territory: its
// code, its total, then its count for each domain in geo.Domains' order.
// The caller has checked the levels. The counts are
// territory_partnership_counts' (migration 00028) when they count during
// (the summaries' day: countedBySummaries); any other time, the
// partnerships active then (every one, without during) are grouped from
// the rows by the territory each end keeps (flowLevels), a partnership
// with both ends in one territory counted once: two scans of the table
// where the summary is one indexed read, kept per version and interval by
// the analysis layer.
func coveragePlans(level geo.Level, within *data.TerritoryRef, during *data.Interval, day summaryDay) (territories, counts plan) {
	var targs argList
	tsql := "SELECT t.code, t.name, t.population FROM territories t WHERE t.level = " + targs.add(string(level))
	if within != nil {
		tsql += " AND t." + parentColumns[within.Level] + " = " + targs.add(within.Code)
	}
	var cargs argList
	var csql string
	summaries := countedBySummaries(during, day)
	if summaries {
		// The domains' columns are named by their codes (migration 00028).
		csql = "SELECT c.code, c.n"
		for _, d := range geo.Domains {
			csql += ", c." + string(d)
		}
		csql += " FROM territory_partnership_counts c WHERE c.level = " + cargs.add(string(level))
	} else {
		active := partnershipsActive(during, &cargs)
		ends := flowLevels[level]
		csql = "SELECT c.code, sum(c.n)::bigint"
		for _, d := range geo.Domains {
			// Codes from geo's constant table: plain identifiers.
			csql += ", coalesce(sum(c.n) FILTER (WHERE c.domain = '" + string(d) + "'), 0)::bigint"
		}
		csql += " FROM (" +
			"\n  SELECT " + ends.a + " AS code, p.domain, count(*) AS n FROM partnerships p WHERE " + ends.a + " IS NOT NULL AND " + active + " GROUP BY 1, 2" +
			"\n  UNION ALL SELECT " + ends.b + ", p.domain, count(*) FROM partnerships p WHERE " + ends.b + " IS NOT NULL AND " +
			ends.b + " IS DISTINCT FROM " + ends.a + " AND " + active + " GROUP BY 1, 2" +
			"\n) c WHERE true"
	}
	if within != nil {
		csql += " AND c.code IN (SELECT t.code FROM territories t WHERE t.level = " + cargs.add(string(level)) + " AND t." +
			parentColumns[within.Level] + " = " + cargs.add(within.Code) + ")"
	}
	if !summaries {
		csql += "\nGROUP BY c.code"
	}
	return plan{tsql + "\nORDER BY t.code", targs}, plan{csql, cargs}
}

// wireInt8 decodes a bigint as PostgreSQL sent it: 8 bytes big-endian in
// the binary format pgx asks for, digits in the text one.
func wireInt8(format int16, b []byte) (int64, error) {
	if format == pgx.BinaryFormatCode {
		if len(b) != 8 {
			return 0, fmt.Errorf("coverage: a bigint of %d bytes", len(b))
		}
		return int64(binary.BigEndian.Uint64(b)), nil
	}
	return strconv.ParseInt(string(b), 10, 64)
}

// territoryList is the territories Coverage answers for, without their
// counts, and the place of each by codeKey.
type territoryList struct {
	indicators  uint64 // the indicators' version it was read under; 0: not kept
	territories []data.TerritoryCoverage
	index       codeIndex
}

// coverageTerritories reads the territories of level (in within) as terr
// selects them. A whole level's is kept per indicators' version, which
// every change of the territories bumps (migration 00019): a write of
// partnerships then costs Coverage its counts only, not 35 000 communes
// read and indexed again (about a fifth of a national gap ranking).
func (s *Store) coverageTerritories(ctx context.Context, tx pgx.Tx, level geo.Level, within *data.TerritoryRef, terr plan) (*territoryList, error) {
	var indicators uint64
	if within == nil {
		if err := tx.QueryRow(ctx, "SELECT indicators FROM data_version").Scan(&indicators); err != nil {
			return nil, err
		}
		if v, ok := s.coverageLists.Load(level); ok && v.(*territoryList).indicators == indicators {
			return v.(*territoryList), nil
		}
	}
	rows, err := tx.Query(ctx, terr.sql, terr.custom()...)
	if err != nil {
		return nil, err
	}
	list := &territoryList{indicators: indicators}
	var code, name string
	var pop int64
	_, err = pgx.ForEachRow(rows, []any{&code, &name, &pop}, func() error {
		if err := list.index.add([]byte(code), int32(len(list.territories))); err != nil {
			return fmt.Errorf("coverage: %w", err)
		}
		list.territories = append(list.territories, data.TerritoryCoverage{Code: code, Name: name, Population: pop})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if within == nil {
		s.coverageLists.Store(level, list)
	}
	return list, nil
}
