package postgis

import (
	"context"
	"testing"
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

// TestFlowCountsFollowEveryWrite checks the summary table of migration
// 00009 against a fresh count after each kind of write that can change it:
// a load, an upsert inserting and updating, direct updates of a
// partnership, an actor moving, a commune changing EPCI and département,
// deletes and a truncate.
func TestFlowCountsFollowEveryWrite(t *testing.T) {
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
		{"deletes", `DELETE FROM partnerships WHERE id % 3 = 0`},
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
		rows, err := s.pool.Query(ctx, freshFlowCountsSQL)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var diffs []string
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				t.Fatal(err)
			}
			diffs = append(diffs, d)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if len(diffs) > 0 {
			t.Errorf("%s: the summary differs from a fresh count (%d rows), e.g. %v", st.name, len(diffs), diffs[:min(5, len(diffs))])
		}
		var n int64
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM partnership_flow_counts").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if st.name == "after the load" && n == 0 {
			t.Fatal("the summary is empty after the load")
		}
	}
}
