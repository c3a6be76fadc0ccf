-- The partnerships with an end in scope, from the rows. observatory_sql.go
-- composes the observatory's statement (the counts of geo.ObservatoryCounts
-- for one scope, in one row, from which Go builds the figures) from this and
-- the other observatory_*.sql parts:
--   {{a_in}}, {{b_in}}  put end a or b of partnership p in scope, from the
--     country, commune or territories the partnership keeps for its ends;
--   {{pairs_in}}  keeps the partnerships with an end in scope: the same
--     as {{a_in}} OR {{b_in}}, written so that an index finds them (and
--     written once: the planner multiplies the selectivities of repeated
--     conditions, and a tenfold underestimate turned a hash join into a
--     nested loop of 19 s).
-- pair_counts groups pairs by domain, scale and the sector of each company
-- end in scope. pairs is not marked MATERIALIZED: read by pair_counts alone
-- (the summaries' day), PostgreSQL folds it into that grouping (Lyon's
-- 16 719 partnerships: 30–37 ms against 38–40 ms); read three times with
-- observatory_rows_actors.sql, it is materialized all the same.
pairs AS (
    SELECT p.category, p.domain, p.scale,
           p.actor_a AS a_id, p.a_kind, p.a_sector, ({{a_in}}) IS TRUE AS a_in,
           p.actor_b AS b_id, p.b_kind, p.b_sector, ({{b_in}}) IS TRUE AS b_in
      FROM partnerships p
     WHERE {{pairs_in}}
),
pair_counts AS (
    SELECT domain, scale,
           CASE WHEN a_in AND a_kind = 'entreprise' THEN coalesce(a_sector, '') END AS a_company,
           CASE WHEN b_in AND b_kind = 'entreprise' THEN coalesce(b_sector, '') END AS b_company,
           count(*) AS n
      FROM pairs
     GROUP BY 1, 2, 3, 4
)
