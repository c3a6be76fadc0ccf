package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// PartnershipYears implements data.Store in one statement
// (partnershipYearsPlan) whose rows are either a group ('g') or a span
// ('s').
func (s *Store) PartnershipYears(ctx context.Context, t data.TerritoryRef) (data.PartnershipYears, error) {
	if err := data.CheckTerritoryTally(t); err != nil {
		return data.PartnershipYears{}, err
	}
	p := partnershipYearsPlan(t)
	rows, err := s.reader(ctx).Query(ctx, p.sql, p.custom()...)
	if err != nil {
		return data.PartnershipYears{}, fmt.Errorf("partnership years of %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	out := data.PartnershipYears{Groups: []data.PartnershipYearGroup{}, Spans: []data.PartneringSpan{}}
	var row string
	var from, to int
	var category, domain, scale string
	var n int64
	if _, err := pgx.ForEachRow(rows, []any{&row, &from, &to, &category, &domain, &scale, &n}, func() error {
		if row == "g" {
			out.Groups = append(out.Groups, data.PartnershipYearGroup{Start: from, End: to, Category: geo.Category(category),
				Domain: geo.Domain(domain), Scale: geo.Scale(scale), N: n})
		} else {
			out.Spans = append(out.Spans, data.PartneringSpan{Group: data.PartneringGroup(category), From: from, To: to, N: n})
		}
		return nil
	}); err != nil {
		return data.PartnershipYears{}, fmt.Errorf("partnership years of %s %q: %w", t.Level, t.Code, translate(ctx, err))
	}
	data.SortPartnershipYears(&out)
	return out, nil
}

// partnershipYearsPlan is PartnershipYears' statement for t (its level
// checked by the caller). The partnerships of t are found as sqlTouches
// finds them, each end's membership read from the territory it keeps at
// t's level (flowLevels: a comparison, where the commune list would be
// searched once per row); the groups count them. The associations and
// companies of 10+ in t are listed apart (materialized, so they are hashed
// or merged with the ends, not looked up one end at a time: 0.5 s of
// index probes for a région's 285 000 ends), and
// the spans merge the years of each actor in t with the gaps-and-islands
// idiom: sorted by start, a partnership opens a new run when it starts
// more than a year after every earlier one of the actor has ended; a run
// is then its rows' first start and last end. An open end stands as the
// largest integer until the end, then as 0.
func partnershipYearsPlan(t data.TerritoryRef) plan {
	var args argList
	code := args.add(t.Code) + "::text"
	ends := flowLevels[t.Level]
	sql := `WITH p AS MATERIALIZED (
  SELECT p.actor_a, p.actor_b, ` + ends.a + ` IS NOT DISTINCT FROM ` + code + ` AS a_in, ` +
		ends.b + ` IS NOT DISTINCT FROM ` + code + ` AS b_in, p.category, p.domain, p.scale,
         extract(year FROM p.start_date)::int AS sy, coalesce(extract(year FROM p.end_date)::int, 2147483647) AS ey
    FROM partnerships p
   WHERE ` + sqlCommuneIn(t.Level, "p.a_commune", code) + ` OR ` + sqlCommuneIn(t.Level, "p.b_commune", code) + `
), eligible AS MATERIALIZED (
  SELECT a.id, CASE a.kind WHEN 'association' THEN 'association' ELSE 'company10' END AS grp
    FROM actors a
   WHERE ` + sqlCommuneIn(t.Level, "a.commune", code) + `
     AND a.active AND (a.kind = 'association' OR (a.kind = 'entreprise' AND a.employees >= 10))
), ends AS (
  SELECT e.id, a.grp, e.sy, e.ey
    FROM (SELECT actor_a AS id, sy, ey FROM p WHERE a_in
          UNION ALL SELECT actor_b, sy, ey FROM p WHERE b_in) e
    JOIN eligible a ON a.id = e.id
), marked AS (
  SELECT id, grp, sy, ey,
         CASE WHEN sy - 1 <= max(ey) OVER (PARTITION BY id ORDER BY sy, ey ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
              THEN 0 ELSE 1 END AS opens
    FROM ends
), runs AS (
  SELECT grp, min(sy) AS sy, max(ey) AS ey
    FROM (SELECT id, grp, sy, ey, sum(opens) OVER (PARTITION BY id ORDER BY sy, ey ROWS UNBOUNDED PRECEDING) AS run
            FROM marked) x
   GROUP BY id, grp, run
)
SELECT 'g', sy, CASE WHEN ey = 2147483647 THEN 0 ELSE ey END, category, domain, scale, count(*)
  FROM p GROUP BY sy, ey, category, domain, scale
UNION ALL
SELECT 's', sy, CASE WHEN ey = 2147483647 THEN 0 ELSE ey END, grp, '', '', count(*)
  FROM runs GROUP BY grp, sy, ey`
	return plan{sql, args}
}
