package postgis

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"

	"github.com/jackc/pgx/v5"
)

// freshFlowCountsSQL recounts partnership_flow_counts from scratch, finding
// each end's territories through its actor and commune rather than the
// partnership's stored ends, so it also checks what the triggers derived.
// Like every summary of the partnerships, it counts those of the
// summaries' day (migration 00024): started by it, not ended before it.
// It lists the rows the table has and this lacks, or the reverse.
const freshFlowCountsSQL = `
WITH ends AS (
    SELECT p.category, p.domain, p.scale,
           ca.epci AS a_epci, ca.departement AS a_dep, ca.region AS a_reg,
           cb.epci AS b_epci, cb.departement AS b_dep, cb.region AS b_reg
      FROM partnerships p
      JOIN actors a ON a.id = p.actor_a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
      JOIN actors b ON b.id = p.actor_b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
     CROSS JOIN data_version v
     WHERE v.summary_day IS NULL OR (p.start_date <= v.summary_day AND (p.end_date IS NULL OR p.end_date >= v.summary_day))
), by_level AS (
    SELECT 'region' AS level, category, domain, scale, coalesce(a_reg, '') AS a, coalesce(b_reg, '') AS b FROM ends
    UNION ALL
    SELECT 'departement', category, domain, scale, coalesce(a_dep, ''), coalesce(b_dep, '') FROM ends
    UNION ALL
    SELECT 'epci', category, domain, scale, coalesce(a_epci, ''), coalesce(b_epci, '') FROM ends
), fresh AS (
    SELECT level, '' AS category, '' AS domain, a, b, scale, count(*) AS n FROM by_level GROUP BY level, a, b, scale
    UNION ALL
    SELECT level, category, '', a, b, scale, count(*) FROM by_level GROUP BY level, category, a, b, scale
    UNION ALL
    SELECT level, '', domain, a, b, scale, count(*) FROM by_level GROUP BY level, domain, a, b, scale
), stored AS (
    SELECT level::text, category, domain, a::text, b::text, scale, n FROM partnership_flow_counts
)
SELECT 'missing ' || x::text FROM (SELECT * FROM fresh EXCEPT SELECT * FROM stored) x
UNION ALL
SELECT 'extra ' || y::text FROM (SELECT * FROM stored EXCEPT SELECT * FROM fresh) y`

// freshTerritoryCountsSQL recounts territory_partnership_counts (migrations
// 00010 and 00028) the same way: partnerships with at least one actor
// located in each territory, per domain and in total (the empty domain).
const freshTerritoryCountsSQL = `
WITH ends AS (
    SELECT p.id, p.domain, a.commune AS a_com, ca.epci AS a_epci, ca.departement AS a_dep, ca.region AS a_reg,
           b.commune AS b_com, cb.epci AS b_epci, cb.departement AS b_dep, cb.region AS b_reg
      FROM partnerships p
      JOIN actors a ON a.id = p.actor_a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
      JOIN actors b ON b.id = p.actor_b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
     CROSS JOIN data_version v
     WHERE v.summary_day IS NULL OR (p.start_date <= v.summary_day AND (p.end_date IS NULL OR p.end_date >= v.summary_day))
), touched AS (
    SELECT DISTINCT level, code, id, domain FROM ends CROSS JOIN LATERAL (VALUES
        ('commune', a_com), ('commune', b_com), ('epci', a_epci), ('epci', b_epci),
        ('departement', a_dep), ('departement', b_dep), ('region', a_reg), ('region', b_reg)) v (level, code)
     WHERE code IS NOT NULL
), fresh AS (
    SELECT level, code, '' AS domain, count(*) AS n FROM touched GROUP BY level, code
    UNION ALL
    SELECT level, code, domain, count(*) FROM touched GROUP BY level, code, domain
), stored AS (
    -- One row per territory (migration 00028): its total, then the domains
    -- it has partnerships in, as the fresh count lists them.
    SELECT level::text, code::text, '' AS domain, n FROM territory_partnership_counts
    UNION ALL
    SELECT c.level::text, c.code::text, d.domain, d.n FROM territory_partnership_counts c
     CROSS JOIN LATERAL (VALUES ('insertion_emploi', c.insertion_emploi), ('diversite_handicap', c.diversite_handicap),
                                ('education_jeunesse', c.education_jeunesse), ('culture', c.culture), ('sport', c.sport),
                                ('environnement', c.environnement), ('sante', c.sante), ('numerique', c.numerique),
                                ('solidarite', c.solidarite), ('mobilite', c.mobilite), ('autre', c.autre)) d (domain, n)
     WHERE d.n <> 0
)
SELECT 'missing ' || x::text FROM (SELECT * FROM fresh EXCEPT SELECT * FROM stored) x
UNION ALL
SELECT 'extra ' || y::text FROM (SELECT * FROM stored EXCEPT SELECT * FROM fresh) y`

// freshActorCellsSQL recounts actor_cells (migration 00014) from the
// actors: counts and employees exactly, coordinate sums within 1e-9 (kept
// sums add and subtract in another order).
const freshActorCellsSQL = `
WITH fresh AS (
    SELECT floor(ST_X(geom) / 0.087890625)::bigint AS cx, floor(ST_Y(geom) / 0.087890625)::bigint AS cy, kind,
           count(*) AS n, sum(ST_X(geom)) AS sx, sum(ST_Y(geom)) AS sy, sum(employees)::bigint AS e
      FROM actors GROUP BY 1, 2, 3
)
SELECT 'missing ' || f::text FROM fresh f LEFT JOIN actor_cells c USING (cx, cy, kind)
 WHERE c.n IS DISTINCT FROM f.n OR c.employees IS DISTINCT FROM f.e
    OR abs(c.sum_x - f.sx) > 1e-9 OR abs(c.sum_y - f.sy) > 1e-9
UNION ALL
SELECT 'extra ' || c::text FROM actor_cells c LEFT JOIN fresh f USING (cx, cy, kind) WHERE f.n IS NULL`

// freshActorCommuneKindsSQL recounts actor_commune_kinds (migration
// 00017) from the actors.
const freshActorCommuneKindsSQL = `
WITH fresh AS (SELECT coalesce(commune, '') AS commune, kind, count(*) AS n FROM actors GROUP BY 1, 2)
SELECT 'missing ' || f::text FROM fresh f LEFT JOIN actor_commune_kinds c USING (commune, kind) WHERE c.n IS DISTINCT FROM f.n
UNION ALL
SELECT 'extra ' || c::text FROM actor_commune_kinds c LEFT JOIN fresh f USING (commune, kind) WHERE f.n IS NULL`

// freshTerritoryAlliancesSQL recounts territory_alliances (migration
// 00017): per territory, the alliances located in it or in a territory
// whose parent code of its level is it, found through a join per level
// rather than the table's single grouping.
const freshTerritoryAlliancesSQL = `
WITH inside AS (
    SELECT t.level, t.code, al.id, al.start_year
      FROM territories t
      JOIN territories i ON (i.level = t.level AND i.code = t.code)
                         OR (t.level = 'region' AND i.region = t.code)
                         OR (t.level = 'departement' AND i.departement = t.code)
                         OR (t.level = 'epci' AND i.epci = t.code)
      JOIN alliances al ON al.territory_level = i.level AND al.territory = i.code
), fresh AS (SELECT level, code, count(*)::integer AS n, min(start_year) AS first FROM inside GROUP BY level, code)
SELECT 'missing ' || f::text FROM fresh f LEFT JOIN territory_alliances a USING (level, code)
 WHERE (a.alliances_count, a.alliances_first_year) IS DISTINCT FROM (f.n, f.first)
UNION ALL
SELECT 'extra ' || a::text FROM territory_alliances a LEFT JOIN fresh f USING (level, code) WHERE f.n IS NULL`

// freshIndicatorRollupsSQL recomputes indicator_rollups (migration 00016)
// one level at a time, each as its own GROUP BY with geo.Rollup's rules
// written out again (HAVING for a zero denominator), and lists the
// roll-ups missing, extra, or off by more than 1e-9 relative.
const freshIndicatorRollupsSQL = `
WITH v AS (
    SELECT v.indicator, v.year, v.value, coalesce(v.numerator, 0) AS num, coalesce(v.denominator, 0) AS den,
           i.aggregation, CASE WHEN i.scale = 0 THEN 1 ELSE i.scale END AS scale,
           t.population::float8 AS pop, t.region, t.departement, t.epci
      FROM indicator_values v
      JOIN indicators i ON i.id = v.indicator AND i.finest_level = v.territory_level
      JOIN territories t ON t.level = v.territory_level AND t.code = v.territory
     WHERE v.value <> 'NaN'
), parents AS (
    SELECT indicator, year, value, num, den, aggregation, scale, pop, 'region' AS level, region AS code FROM v WHERE region IS NOT NULL
    UNION ALL
    SELECT indicator, year, value, num, den, aggregation, scale, pop, 'departement', departement FROM v WHERE departement IS NOT NULL
    UNION ALL
    SELECT indicator, year, value, num, den, aggregation, scale, pop, 'epci', epci FROM v WHERE epci IS NOT NULL
    UNION ALL
    SELECT indicator, year, value, num, den, aggregation, scale, pop, 'france', '' FROM v
), fresh AS (
    SELECT indicator, year, level, code, aggregation, scale,
           sum(num) AS num, sum(den) AS den, sum(value * pop) AS wv, sum(pop) AS pop, sum(value) AS total
      FROM parents GROUP BY indicator, year, level, code, aggregation, scale
), kept AS (
    SELECT indicator, year, level, code,
           CASE aggregation WHEN 'ratio' THEN num / den * scale WHEN 'weighted_mean' THEN wv / pop ELSE total END AS value
      FROM fresh
     WHERE CASE aggregation WHEN 'ratio' THEN den <> 0 WHEN 'weighted_mean' THEN pop <> 0 ELSE true END
)
SELECT 'missing or off ' || k::text FROM kept k LEFT JOIN indicator_rollups r USING (indicator, year, level, code)
 WHERE r.value IS NULL OR abs(r.value - k.value) > 1e-9 * greatest(1, abs(k.value))
UNION ALL
SELECT 'extra ' || r::text FROM indicator_rollups r LEFT JOIN kept k USING (indicator, year, level, code) WHERE k.value IS NULL`

// TestSummariesFollowEveryWrite checks the summary tables of migrations
// 00009 to 00016 against a fresh count after each kind of write that can
// change them: a load, an upsert inserting and updating, direct updates of
// a partnership, an actor moving, a commune changing EPCI, département and
// population, indicator values and rules edited, deletes and truncates.
func TestSummariesFollowEveryWrite(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	steps := []struct {
		name string
		sql  string
	}{
		{"after the load", ""},
		{"an upsert inserting one row and updating another",
			`INSERT INTO partnerships (id, actor_a, actor_b, category, domain, start_date)
			 VALUES (9001, 1, 5, 'mecenat', 'culture', '2020-01-01'), (101, 2, 6, 'mecenat', 'sport', '2019-05-01')
			 ON CONFLICT (id) DO UPDATE SET actor_a = excluded.actor_a, actor_b = excluded.actor_b,
			     category = excluded.category, domain = excluded.domain`},
		{"a partnership's category and domain", `UPDATE partnerships SET category = 'innovation_societale', domain = 'numerique' WHERE id = 9001`},
		{"an actor moving to another région", `UPDATE actors SET commune = '84007', geom = ST_SetSRID(ST_MakePoint(4.81, 43.95), 4326) WHERE id = 1`},
		{"an actor moving abroad", `UPDATE actors SET commune = NULL, country = 'BE', geom = ST_SetSRID(ST_MakePoint(4.35, 50.85), 4326) WHERE id = 3`},
		{"a commune leaving its EPCI", `UPDATE territories SET epci = NULL WHERE level = 'commune' AND code = '69266'`},
		{"a commune changing département", `UPDATE territories SET departement = '38' WHERE level = 'commune' AND code = '69243'`},
		{"an actor changing kind and staff", `UPDATE actors SET kind = 'association', employees = 0 WHERE id = 6`},
		// The fixture's partnerships start from 2019 to 2021 and some end
		// in 2022 and 2023: each roll moves some in or out.
		{"the summaries rolled back to a day before most started", `SELECT roll_summaries('2020-02-01')`},
		{"an ended partnership edited on another day", `UPDATE partnerships SET end_date = '2020-01-31' WHERE id = 102`},
		{"the summaries rolled forward over ends", `SELECT roll_summaries('2023-01-01')`},
		{"the summaries counting every partnership", `SELECT roll_summaries(NULL)`},
		{"the summaries rolled to today", `SELECT roll_summaries((now() AT TIME ZONE 'UTC')::date)`},
		{"deletes", `DELETE FROM partnerships WHERE id % 3 = 0`},
		{"an actor added", `INSERT INTO actors (id, name, kind, commune, country, geom, precision, employees)
			 VALUES (900, 'Nouvel acteur', 'entreprise', '69123', 'FR', ST_SetSRID(ST_MakePoint(4.83, 45.76), 4326), 'exact', 30)`},
		{"an actor deleted", `DELETE FROM actors WHERE id = 900`},
		{"a truncate", `TRUNCATE partnerships`},
		{"an alliance moved", `UPDATE alliances SET territory_level = 'commune', territory = '69243' WHERE id = 202`},
		{"an alliance deleted", `DELETE FROM alliances WHERE id = 201`},
		{"actors truncated", `TRUNCATE actors CASCADE`},
		{"a commune's population", `UPDATE territories SET population = population * 3 + 1 WHERE level = 'commune' AND code = '69123'`},
		{"an indicator value edited", `UPDATE indicator_values SET value = value + 2, numerator = numerator + 1 WHERE territory = '69266'`},
		{"an indicator's scale", `UPDATE indicators SET scale = 1000 WHERE aggregation = 'ratio'`},
		{"an indicator's rule", `UPDATE indicators SET aggregation = 'sum' WHERE aggregation = 'weighted_mean' AND finest_level = 'commune'`},
		{"a value added", `INSERT INTO indicator_values (indicator, territory_level, territory, year, value, numerator, denominator)
			 SELECT 'chomage', 'commune', '69243', 2023, 4, 2, 50`},
		{"values deleted", `DELETE FROM indicator_values WHERE territory = '69123'`},
		{"an indicator deleted", `DELETE FROM indicators WHERE id = 'equipements'`},
		{"values truncated", `TRUNCATE indicator_values`},
	}
	for _, st := range steps {
		if st.sql != "" {
			tag, err := s.pool.Exec(ctx, st.sql)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if tag.RowsAffected() == 0 && !strings.Contains(st.sql, "TRUNCATE") {
				t.Fatalf("%s: changed no row; the step tests nothing", st.name)
			}
		}
		for _, check := range []struct{ table, sql string }{
			{"partnership_flow_counts", freshFlowCountsSQL},
			{"territory_partnership_counts", freshTerritoryCountsSQL},
			{"actor_cells", freshActorCellsSQL},
			{"actor_commune_kinds", freshActorCommuneKindsSQL},
			{"territory_alliances", freshTerritoryAlliancesSQL},
			{"indicator_rollups", freshIndicatorRollupsSQL},
		} {
			rows, err := s.pool.Query(ctx, check.sql)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			diffs, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if len(diffs) > 0 {
				t.Errorf("%s: %s differs from a fresh count (%d rows), e.g. %v", st.name, check.table, len(diffs), diffs[:min(5, len(diffs))])
			}
		}
		// Every scope the observatory serves (France, régions and
		// départements from the summaries of migration 00015, communes with
		// their actors from actor_class_counts), against the same counts
		// grouped from the rows.
		for _, sc := range []observatoryScope{{"", ""}, {geo.LevelRegion, "84"}, {geo.LevelRegion, "11"},
			{geo.LevelDepartement, "69"}, {geo.LevelDepartement, "38"}, {geo.LevelDepartement, "84"},
			{geo.LevelCommune, "69123"}, {geo.LevelCommune, "69266"}, {geo.LevelCommune, "84007"}} {
			level, region := sc.level, sc.code
			var args argList
			ref := ""
			if region != "" {
				ref = args.add(region)
			}
			var day summaryDay
			if err := s.pool.QueryRow(ctx, "SELECT summary_day FROM data_version").Scan(&day); err != nil {
				t.Fatal(err)
			}
			var during *data.Interval
			pairsIn := "(" + endInScope(level, "a", ref) + " OR " + endInScope(level, "b", ref) + ")"
			if day.Valid {
				during = &data.Interval{Start: day.Time, End: day.Time}
				pairsIn += " AND p.start_date <= " + args.add(day.Time) + "::date AND (p.end_date IS NULL OR p.end_date >= " + args.add(day.Time) + "::date)"
			}
			served := observatoryPlan(level, region, nil, during)
			kept, err := scanObservatoryCounts(s.pool.QueryRow(ctx, served.sql, served.args...))
			if err != nil {
				t.Fatalf("%s: kept observatory of %q: %v", st.name, region, err)
			}
			rows, err := scanObservatoryCounts(s.pool.QueryRow(ctx, rowsObservatorySQL(t, level, ref, pairsIn), args...))
			if err != nil {
				t.Fatalf("%s: observatory of %q from the rows: %v", st.name, region, err)
			}
			if !reflect.DeepEqual(kept, rows) {
				t.Errorf("%s: observatory of %s %q from the summaries\n%+v\nfrom the rows\n%+v", st.name, level, region, kept, rows)
			}
		}
		var flows, territories int64
		if err := s.pool.QueryRow(ctx, "SELECT (SELECT count(*) FROM partnership_flow_counts), (SELECT count(*) FROM territory_partnership_counts)").Scan(&flows, &territories); err != nil {
			t.Fatal(err)
		}
		var rollups, histories int64
		if err := s.pool.QueryRow(ctx, "SELECT (SELECT count(DISTINCT level) FROM indicator_rollups), (SELECT count(*) FROM territory_alliances)").Scan(&rollups, &histories); err != nil {
			t.Fatal(err)
		}
		if st.name == "after the load" && (flows == 0 || territories == 0 || rollups < 4 || histories == 0) {
			t.Fatalf("a summary is empty after the load: %d flow rows, %d territory rows, roll-ups at %d levels, %d alliance histories",
				flows, territories, rollups, histories)
		}
	}
}
