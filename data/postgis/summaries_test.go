package postgis

import (
	"context"
	"reflect"
	"testing"

	"github.com/maillage/maillage/geo"

	"github.com/jackc/pgx/v5"
)

// freshFlowCountsSQL recounts partnership_flow_counts from scratch, finding
// each end's territories through its actor and commune rather than the
// partnership's stored ends, so it also checks what the triggers derived.
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

// freshTerritoryCountsSQL recounts territory_partnership_counts (migration
// 00010) the same way: partnerships with at least one actor located in each
// territory, per domain and in total (the empty domain).
const freshTerritoryCountsSQL = `
WITH ends AS (
    SELECT p.id, p.domain, a.commune AS a_com, ca.epci AS a_epci, ca.departement AS a_dep, ca.region AS a_reg,
           b.commune AS b_com, cb.epci AS b_epci, cb.departement AS b_dep, cb.region AS b_reg
      FROM partnerships p
      JOIN actors a ON a.id = p.actor_a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
      JOIN actors b ON b.id = p.actor_b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
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
    SELECT level::text, code::text, domain, n FROM territory_partnership_counts
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

// TestFlowCountsFollowEveryWrite checks the summary tables of migrations
// 00009 and 00010 against a fresh count after each kind of write that can change it:
// a load, an upsert inserting and updating, direct updates of a
// partnership, an actor moving, a commune changing EPCI and département,
// deletes and a truncate.
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
		{"deletes", `DELETE FROM partnerships WHERE id % 3 = 0`},
		{"an actor added", `INSERT INTO actors (id, name, kind, commune, country, geom, precision, employees)
			 VALUES (900, 'Nouvel acteur', 'entreprise', '69123', 'FR', ST_SetSRID(ST_MakePoint(4.83, 45.76), 4326), 'exact', 30)`},
		{"an actor deleted", `DELETE FROM actors WHERE id = 900`},
		{"a truncate", `TRUNCATE partnerships`},
	}
	for _, st := range steps {
		if st.sql != "" {
			tag, err := s.pool.Exec(ctx, st.sql)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if tag.RowsAffected() == 0 && st.name != "a truncate" {
				t.Fatalf("%s: changed no row; the step tests nothing", st.name)
			}
		}
		for _, check := range []struct{ table, sql string }{
			{"partnership_flow_counts", freshFlowCountsSQL},
			{"territory_partnership_counts", freshTerritoryCountsSQL},
			{"actor_cells", freshActorCellsSQL},
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
		// France, régions and départements from the summaries of
		// migration 00015, against the same counts grouped from the rows.
		for _, sc := range []observatoryScope{{"", ""}, {geo.LevelRegion, "84"}, {geo.LevelRegion, "11"},
			{geo.LevelDepartement, "69"}, {geo.LevelDepartement, "38"}, {geo.LevelDepartement, "84"}} {
			level, region := sc.level, sc.code
			var args argList
			ref := ""
			if region != "" {
				ref = args.add(region)
			}
			kept, err := scanObservatoryCounts(s.pool.QueryRow(ctx, keptObservatorySQL(level, ref), args...))
			if err != nil {
				t.Fatalf("%s: kept observatory of %q: %v", st.name, region, err)
			}
			rows, err := scanObservatoryCounts(s.pool.QueryRow(ctx, rowsObservatorySQL(level, ref, "true"), args...))
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
		if st.name == "after the load" && (flows == 0 || territories == 0) {
			t.Fatalf("a summary is empty after the load: %d flow rows, %d territory rows", flows, territories)
		}
	}
}
