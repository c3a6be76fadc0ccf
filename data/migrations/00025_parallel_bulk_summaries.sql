-- +goose Up
-- A bulk load (postgis/bulk.go) fills the partnerships' summaries from the
-- whole table in one transaction, on one backend: their hash aggregates
-- over 1.2 M partnerships took 20 s of a 92 s national load, on one core
-- of two. PostgreSQL gives a query parallel workers when it only reads, or
-- creates a table from what it reads (CREATE TABLE AS), never to INSERT …
-- SELECT, and it cannot split an aggregate over GROUPING SETS between
-- workers. So:
--   - the tallies' and end counts' statements are split in two, with no
--     change of grouping: <summary>_select(delta_sql), the grouping, and
--     <summary>_from(rows_sql, fresh), the insert of its rows (adding to
--     existing ones unless fresh); <summary>_sql is one over the other;
--   - the flows and the territory counts, grouped by GROUPING SETS for the
--     triggers, get a second grouping for bulk loads only:
--     <summary>_select as plain GROUP BYs joined by UNION ALL (for the
--     territory counts, by domain, the totals summed by <summary>_from),
--     <summary>_from(rows_sql) inserting into the empty summary.
--     Used for the triggers too, that form cost every write statement
--     about 2 ms more of planning (a partnership inserted, updated and
--     deleted: 18 → 24 ms), so each form keeps its use.
--     TestBulkLoadEqualsRowLoad holds the bulk path's summaries to the
--     triggers' and TestSummariesFollowEveryWrite both to a fresh count.
-- bulk_summaries runs each _select into a temporary table, which may use
-- two workers, then the _from from it. On national data (1.34 M
-- partnerships, in psql, with the summaries' keys in place) the flows and
-- territory counts took 10.8 s so against 18.6 s by grouping sets.

-- counted_on (migration 00024) filters every summary's rows; a function
-- not declared parallel safe keeps a whole query from parallel workers,
-- even where PostgreSQL inlines it.
ALTER FUNCTION counted_on(date, date, date) PARALLEL SAFE;

-- +goose StatementBegin
CREATE FUNCTION partnership_flow_counts_select(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN (SELECT string_agg(format($q$
        SELECT %1$L::text AS level, %2$s AS category, %3$s AS domain,
               coalesce(x.a_%1$s, '') AS a, coalesce(x.b_%1$s, '') AS b, x.scale, sum(x.d) AS n
          FROM (%4$s) x
         GROUP BY %5$s
        HAVING sum(x.d) <> 0$q$, lv.level, g.category, g.domain, delta_sql, g.keys), E'\n        UNION ALL')
              FROM (VALUES ('region'), ('departement'), ('epci')) lv (level)
             CROSS JOIN (VALUES ($$''$$, $$''$$, '4, 5, 6'),
                                ('coalesce(x.category, '''')', $$''$$, '2, 4, 5, 6'),
                                ($$''$$, 'coalesce(x.domain, '''')', '3, 4, 5, 6')) g (category, domain, keys));
-- +goose StatementEnd

-- partnership_flow_counts_from inserts those rows into the empty summary.
CREATE FUNCTION partnership_flow_counts_from(rows_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO partnership_flow_counts (level, category, domain, a, b, scale, n)
        SELECT r.level, r.category, r.domain, r.a, r.b, r.scale, r.n FROM (%s) r
    $q$, rows_sql);

-- territory_partnership_counts_select gives, per level, territory and
-- domain, the partnerships with an end in the territory (one with both ends
-- there counted once); territory_partnership_counts_from adds each
-- territory's total (domain '') as the sum of its domains' rows: every
-- partnership has one domain.
-- +goose StatementBegin
CREATE FUNCTION territory_partnership_counts_select(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN (SELECT string_agg(format($q$
        SELECT %1$L::text AS level, e.code, coalesce(e.domain, '') AS domain, sum(e.d) AS n
          FROM (SELECT x.a_%1$s AS code, x.domain, x.d FROM (%2$s) x WHERE x.a_%1$s IS NOT NULL
                UNION ALL
                SELECT x.b_%1$s, x.domain, x.d FROM (%2$s) x
                 WHERE x.b_%1$s IS NOT NULL AND x.b_%1$s IS DISTINCT FROM x.a_%1$s) e
         GROUP BY e.code, e.domain
        HAVING sum(e.d) <> 0$q$, lv.level, delta_sql), E'\n        UNION ALL')
              FROM (VALUES ('region'), ('departement'), ('epci'), ('commune')) lv (level));
-- +goose StatementEnd

CREATE FUNCTION territory_partnership_counts_from(rows_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        WITH by_domain AS (%s)
        INSERT INTO territory_partnership_counts (level, code, domain, n)
        SELECT level, code, domain, n FROM by_domain
        UNION ALL
        SELECT level, code, '', sum(n) FROM by_domain GROUP BY level, code HAVING sum(n) <> 0
    $q$, rows_sql);

CREATE FUNCTION actor_tallies_select(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        SELECT actor, sum(d) AS ends,
               coalesce(sum(d) FILTER (WHERE category = 'mecenat'), 0) AS mecenat,
               coalesce(sum(d) FILTER (WHERE category = 'pratiques_responsables'), 0) AS pratiques_responsables,
               coalesce(sum(d) FILTER (WHERE category = 'cooperation_economique'), 0) AS cooperation_economique,
               coalesce(sum(d) FILTER (WHERE category = 'innovation_societale'), 0) AS innovation_societale,
               coalesce(sum(d) FILTER (WHERE domain = 'insertion_emploi'), 0) AS insertion_emploi,
               coalesce(sum(d) FILTER (WHERE scale = 'local'), 0) AS local,
               coalesce(sum(d) FILTER (WHERE scale = 'regional'), 0) AS regional,
               coalesce(sum(d) FILTER (WHERE partner_kind = 'collectivite'), 0) AS collectivite
          FROM (SELECT x.actor_a AS actor, x.b_kind AS partner_kind, x.category, x.domain, x.scale, x.d FROM (%1$s) x
                UNION ALL
                SELECT x.actor_b, x.a_kind, x.category, x.domain, x.scale, x.d FROM (%1$s) x) e
         GROUP BY actor
    $q$, delta_sql);

CREATE FUNCTION actor_tallies_from(rows_sql text, fresh boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO actor_tallies AS t (actor, ends, mecenat, pratiques_responsables, cooperation_economique,
                                        innovation_societale, insertion_emploi, local, regional, collectivite)
        SELECT r.actor, r.ends, r.mecenat, r.pratiques_responsables, r.cooperation_economique,
               r.innovation_societale, r.insertion_emploi, r.local, r.regional, r.collectivite FROM (%s) r
        %s
    $q$, rows_sql, CASE WHEN fresh THEN '' ELSE $t$
         ORDER BY actor
        ON CONFLICT (actor) DO UPDATE SET
            ends = t.ends + excluded.ends, mecenat = t.mecenat + excluded.mecenat,
            pratiques_responsables = t.pratiques_responsables + excluded.pratiques_responsables,
            cooperation_economique = t.cooperation_economique + excluded.cooperation_economique,
            innovation_societale = t.innovation_societale + excluded.innovation_societale,
            insertion_emploi = t.insertion_emploi + excluded.insertion_emploi,
            local = t.local + excluded.local, regional = t.regional + excluded.regional,
            collectivite = t.collectivite + excluded.collectivite$t$ END);

CREATE OR REPLACE FUNCTION actor_tallies_sql(delta_sql text, fresh boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN actor_tallies_from(actor_tallies_select(delta_sql), fresh);

CREATE FUNCTION partnership_end_counts_select(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        SELECT x.domain, x.scale, coalesce(x.a_region, '') AS a_region, coalesce(x.a_departement, '') AS a_departement,
               coalesce(x.b_region, '') AS b_region, coalesce(x.b_departement, '') AS b_departement,
               x.a_country = 'FR' AS a_fr, x.b_country = 'FR' AS b_fr,
               x.a_kind = 'entreprise' AS a_company, x.b_kind = 'entreprise' AS b_company,
               CASE WHEN x.a_kind = 'entreprise' THEN coalesce(x.a_sector, '') ELSE '' END AS a_sector,
               CASE WHEN x.b_kind = 'entreprise' THEN coalesce(x.b_sector, '') ELSE '' END AS b_sector,
               sum(x.d) AS n
          FROM (%s) x
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    $q$, delta_sql);

CREATE FUNCTION partnership_end_counts_from(rows_sql text, fresh boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO partnership_end_counts AS c (domain, scale, a_region, a_departement, b_region, b_departement,
                                                 a_fr, b_fr, a_company, b_company, a_sector, b_sector, n)
        SELECT r.domain, r.scale, r.a_region, r.a_departement, r.b_region, r.b_departement,
               r.a_fr, r.b_fr, r.a_company, r.b_company, r.a_sector, r.b_sector, r.n FROM (%s) r
        %s
    $q$, rows_sql, CASE WHEN fresh THEN '' ELSE $t$
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
        ON CONFLICT (domain, scale, a_region, a_departement, b_region, b_departement, a_fr, b_fr, a_company, b_company, a_sector, b_sector)
            DO UPDATE SET n = c.n + excluded.n$t$ END);

CREATE OR REPLACE FUNCTION partnership_end_counts_sql(delta_sql text, fresh boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN partnership_end_counts_from(partnership_end_counts_select(delta_sql), fresh);

-- bulk_fill fills an empty summary: the rows of select_sql (a
-- <summary>_select) first into the temporary table bulk_rows, which
-- PostgreSQL may compute with parallel workers, then insert_sql (the
-- summary's _from reading bulk_rows).
-- +goose StatementBegin
CREATE FUNCTION bulk_fill(select_sql text, insert_sql text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    workers constant text := current_setting('max_parallel_workers_per_gather');
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '2', true);
    EXECUTE 'CREATE TEMP TABLE bulk_rows ON COMMIT DROP AS ' || select_sql;
    PERFORM set_config('max_parallel_workers_per_gather', workers, true);
    EXECUTE insert_sql;
    DROP TABLE bulk_rows;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bulk_summaries(tbl text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    counted constant text := summary_rows('partnerships');
    ends constant text := 'SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
                          'a_region, a_departement, b_region, b_departement, category, domain, scale, 1 AS d FROM ' || counted;
    flows constant text := 'SELECT category, domain, scale, a_epci, a_departement, a_region, '
                           'b_epci, b_departement, b_region, 1 AS d FROM ' || counted;
    territories constant text := 'SELECT domain, a_commune, a_epci, a_departement, a_region, '
                                 'b_commune, b_epci, b_departement, b_region, 1 AS d FROM ' || counted;
BEGIN
    IF tbl = 'actors' THEN
        EXECUTE actor_cells_sql('SELECT geom, kind, employees, 1 AS d FROM actors',
                                NOT EXISTS (SELECT 1 FROM actor_cells));
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM actors WHERE active',
                                        NOT EXISTS (SELECT 1 FROM actor_commune_kinds));
        EXECUTE actor_class_counts_sql('SELECT a.active, a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 1 AS da, '
            't.ends, t.mecenat, t.pratiques_responsables, t.cooperation_economique, t.innovation_societale, '
            't.insertion_emploi, t.local, t.regional, t.collectivite, 1 AS dt FROM actors a LEFT JOIN actor_tallies t ON t.actor = a.id',
            NOT EXISTS (SELECT 1 FROM actor_class_counts));
    ELSIF tbl = 'partnerships' THEN
        IF EXISTS (SELECT 1 FROM partnership_flow_counts) THEN
            EXECUTE partnership_flow_counts_sql(flows, false);
        ELSE
            PERFORM bulk_fill(partnership_flow_counts_select(flows), partnership_flow_counts_from('SELECT * FROM bulk_rows'));
        END IF;
        IF EXISTS (SELECT 1 FROM territory_partnership_counts) THEN
            EXECUTE territory_partnership_counts_sql(territories, false);
        ELSE
            PERFORM bulk_fill(territory_partnership_counts_select(territories),
                              territory_partnership_counts_from('SELECT * FROM bulk_rows'));
        END IF;
        IF EXISTS (SELECT 1 FROM actor_tallies) THEN
            EXECUTE actor_tallies_sql(ends, false);
        ELSE
            PERFORM bulk_fill(actor_tallies_select(ends), actor_tallies_from('SELECT * FROM bulk_rows', true));
        END IF;
        IF EXISTS (SELECT 1 FROM partnership_end_counts) THEN
            EXECUTE partnership_end_counts_sql(ends, false);
        ELSE
            PERFORM bulk_fill(partnership_end_counts_select(ends), partnership_end_counts_from('SELECT * FROM bulk_rows', true));
        END IF;
    ELSE
        RAISE EXCEPTION 'bulk_summaries: no summaries for table %', tbl;
    END IF;
END
$$;
-- +goose StatementEnd


-- roll_summaries (migration 00024) handed each summary's statement the
-- query finding the partnerships that change between the two days, which
-- each statement then ran again (the tallies twice). They are now found
-- once, into a temporary table the statements read. A day's roll finds a
-- handful; a roll over sixteen years, 732 688 of 1.34 M partnerships.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION roll_summaries(day date) RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    old date;
    candidates text := 'true';
BEGIN
    SELECT summary_day INTO old FROM data_version FOR UPDATE;
    IF old IS NOT DISTINCT FROM day THEN
        RETURN false;
    END IF;
    IF old IS NOT NULL AND day IS NOT NULL THEN
        candidates := format('(start_date > %1$L::date AND start_date <= %2$L::date) OR (end_date >= %1$L::date AND end_date < %2$L::date)',
                             least(old, day), greatest(old, day));
    END IF;
    EXECUTE format('CREATE TEMP TABLE roll_delta ON COMMIT DROP AS SELECT * FROM ('
                   'SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, category, domain, scale, '
                   'a_commune, a_epci, a_departement, a_region, b_commune, b_epci, b_departement, b_region, '
                   'counted_on(start_date, end_date, %L::date)::int - counted_on(start_date, end_date, %L::date)::int AS d '
                   'FROM partnerships WHERE %s) r WHERE d <> 0', day, old, candidates);
    EXECUTE partnership_flow_counts_sql('SELECT * FROM roll_delta');
    DELETE FROM partnership_flow_counts WHERE n = 0;
    EXECUTE territory_partnership_counts_sql('SELECT * FROM roll_delta');
    DELETE FROM territory_partnership_counts WHERE n = 0;
    EXECUTE actor_tallies_sql('SELECT * FROM roll_delta');
    DELETE FROM actor_tallies WHERE ends = 0;
    EXECUTE partnership_end_counts_sql('SELECT * FROM roll_delta');
    DELETE FROM partnership_end_counts WHERE n = 0;
    DROP TABLE roll_delta;
    UPDATE data_version SET summary_day = day, version = version + 1, changed_at = now();
    RETURN true;
END
$$;
-- +goose StatementEnd

-- +goose Down
ALTER FUNCTION counted_on(date, date, date) PARALLEL UNSAFE;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION roll_summaries(day date)
 RETURNS boolean
 LANGUAGE plpgsql
AS $function$
DECLARE
    old date;
    candidates text := 'true';
    delta text;
BEGIN
    SELECT summary_day INTO old FROM data_version FOR UPDATE;
    IF old IS NOT DISTINCT FROM day THEN
        RETURN false;
    END IF;
    IF old IS NOT NULL AND day IS NOT NULL THEN
        candidates := format('(start_date > %1$L::date AND start_date <= %2$L::date) OR (end_date >= %1$L::date AND end_date < %2$L::date)',
                             least(old, day), greatest(old, day));
    END IF;
    delta := format('(SELECT *, counted_on(start_date, end_date, %L::date)::int - counted_on(start_date, end_date, %L::date)::int AS d '
                    'FROM partnerships WHERE %s) r WHERE d <> 0', day, old, candidates);
    EXECUTE partnership_flow_counts_sql('SELECT category, domain, scale, a_epci, a_departement, a_region, '
                                        'b_epci, b_departement, b_region, d FROM ' || delta);
    DELETE FROM partnership_flow_counts WHERE n = 0;
    EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
                                             'b_commune, b_epci, b_departement, b_region, d FROM ' || delta);
    DELETE FROM territory_partnership_counts WHERE n = 0;
    delta := 'SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
             'a_region, a_departement, b_region, b_departement, category, domain, scale, d FROM ' || delta;
    EXECUTE actor_tallies_sql(delta);
    DELETE FROM actor_tallies WHERE ends = 0;
    EXECUTE partnership_end_counts_sql(delta);
    DELETE FROM partnership_end_counts WHERE n = 0;
    UPDATE data_version SET summary_day = day, version = version + 1, changed_at = now();
    RETURN true;
END
$function$

;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_tallies_sql(delta_sql text, fresh boolean)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
RETURN format('
        INSERT INTO actor_tallies AS t
        SELECT actor, sum(d),
               coalesce(sum(d) FILTER (WHERE category = ''mecenat''), 0),
               coalesce(sum(d) FILTER (WHERE category = ''pratiques_responsables''), 0),
               coalesce(sum(d) FILTER (WHERE category = ''cooperation_economique''), 0),
               coalesce(sum(d) FILTER (WHERE category = ''innovation_societale''), 0),
               coalesce(sum(d) FILTER (WHERE domain = ''insertion_emploi''), 0),
               coalesce(sum(d) FILTER (WHERE scale = ''local''), 0),
               coalesce(sum(d) FILTER (WHERE scale = ''regional''), 0),
               coalesce(sum(d) FILTER (WHERE partner_kind = ''collectivite''), 0)
          FROM (SELECT x.actor_a AS actor, x.b_kind AS partner_kind, x.category, x.domain, x.scale, x.d FROM (%1$s) x
                UNION ALL
                SELECT x.actor_b, x.a_kind, x.category, x.domain, x.scale, x.d FROM (%1$s) x) e
         GROUP BY actor
        %2$s
    '::text, delta_sql, CASE WHEN fresh THEN ''::text ELSE '
         ORDER BY actor
        ON CONFLICT (actor) DO UPDATE SET
            ends = t.ends + excluded.ends, mecenat = t.mecenat + excluded.mecenat,
            pratiques_responsables = t.pratiques_responsables + excluded.pratiques_responsables,
            cooperation_economique = t.cooperation_economique + excluded.cooperation_economique,
            innovation_societale = t.innovation_societale + excluded.innovation_societale,
            insertion_emploi = t.insertion_emploi + excluded.insertion_emploi,
            local = t.local + excluded.local, regional = t.regional + excluded.regional,
            collectivite = t.collectivite + excluded.collectivite'::text END)

;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_end_counts_sql(delta_sql text, fresh boolean)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
RETURN format('
        INSERT INTO partnership_end_counts AS c
        SELECT x.domain, x.scale, coalesce(x.a_region, ''''), coalesce(x.a_departement, ''''),
               coalesce(x.b_region, ''''), coalesce(x.b_departement, ''''),
               x.a_country = ''FR'', x.b_country = ''FR'', x.a_kind = ''entreprise'', x.b_kind = ''entreprise'',
               CASE WHEN x.a_kind = ''entreprise'' THEN coalesce(x.a_sector, '''') ELSE '''' END,
               CASE WHEN x.b_kind = ''entreprise'' THEN coalesce(x.b_sector, '''') ELSE '''' END,
               sum(x.d)
          FROM (%s) x
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
        %2$s
    '::text, delta_sql, CASE WHEN fresh THEN ''::text ELSE '
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
        ON CONFLICT (domain, scale, a_region, a_departement, b_region, b_departement, a_fr, b_fr, a_company, b_company, a_sector, b_sector)
            DO UPDATE SET n = c.n + excluded.n'::text END)

;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bulk_summaries(tbl text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    counted constant text := summary_rows('partnerships');
    ends constant text := 'SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
                          'a_region, a_departement, b_region, b_departement, category, domain, scale, 1 AS d FROM ' || counted;
BEGIN
    IF tbl = 'actors' THEN
        EXECUTE actor_cells_sql('SELECT geom, kind, employees, 1 AS d FROM actors',
                                NOT EXISTS (SELECT 1 FROM actor_cells));
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM actors WHERE active',
                                        NOT EXISTS (SELECT 1 FROM actor_commune_kinds));
        EXECUTE actor_class_counts_sql('SELECT a.active, a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 1 AS da, '
            't.ends, t.mecenat, t.pratiques_responsables, t.cooperation_economique, t.innovation_societale, '
            't.insertion_emploi, t.local, t.regional, t.collectivite, 1 AS dt FROM actors a LEFT JOIN actor_tallies t ON t.actor = a.id',
            NOT EXISTS (SELECT 1 FROM actor_class_counts));
    ELSIF tbl = 'partnerships' THEN
        EXECUTE partnership_flow_counts_sql('SELECT category, domain, scale, a_epci, a_departement, a_region, '
            'b_epci, b_departement, b_region, 1 AS d FROM ' || counted, NOT EXISTS (SELECT 1 FROM partnership_flow_counts));
        EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
            'b_commune, b_epci, b_departement, b_region, 1 AS d FROM ' || counted, NOT EXISTS (SELECT 1 FROM territory_partnership_counts));
        EXECUTE actor_tallies_sql(ends, NOT EXISTS (SELECT 1 FROM actor_tallies));
        EXECUTE partnership_end_counts_sql(ends, NOT EXISTS (SELECT 1 FROM partnership_end_counts));
    ELSE
        RAISE EXCEPTION 'bulk_summaries: no summaries for table %', tbl;
    END IF;
END
$function$

;
-- +goose StatementEnd

DROP FUNCTION bulk_fill(text, text);
DROP FUNCTION partnership_end_counts_from(text, boolean);
DROP FUNCTION partnership_end_counts_select(text);
DROP FUNCTION actor_tallies_from(text, boolean);
DROP FUNCTION actor_tallies_select(text);
DROP FUNCTION territory_partnership_counts_from(text);
DROP FUNCTION territory_partnership_counts_select(text);
DROP FUNCTION partnership_flow_counts_from(text);
DROP FUNCTION partnership_flow_counts_select(text);
