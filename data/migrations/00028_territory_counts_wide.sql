-- +goose Up

-- territory_partnership_counts one row per territory instead of one per
-- territory and domain: the total (n) and a column per domain (geo.Domains'
-- codes, the CHECK of partnerships.domain). A gap ranking of the communes,
-- and so the first portrait of a commune after a write, reads the counts of
-- all 34 875 communes (data/postgis/coverage.go): 237 700 rows took
-- PostgreSQL 57–82 ms to send, the same counts as 34 875 rows 33 ms, and
-- Go decodes a seventh of the rows. The triggers (00010, 00024), the
-- summaries' day (00024) and the bulk path (00018, 00025) keep their
-- functions' names; only their statements change, here.
DROP TABLE territory_partnership_counts;

CREATE TABLE territory_partnership_counts (
    level              text COLLATE "C" NOT NULL CHECK (level IN ('region', 'departement', 'epci', 'commune')),
    code               text COLLATE "C" NOT NULL,
    -- Every partnership with an end in the territory, once (both ends
    -- there count once), then those of each domain. No CHECK (n >= 0), as
    -- in partnership_flow_counts: an upsert's proposed decrement is checked
    -- before its conflict is resolved.
    n                  bigint NOT NULL,
    insertion_emploi   bigint NOT NULL DEFAULT 0,
    diversite_handicap bigint NOT NULL DEFAULT 0,
    education_jeunesse bigint NOT NULL DEFAULT 0,
    culture            bigint NOT NULL DEFAULT 0,
    sport              bigint NOT NULL DEFAULT 0,
    environnement      bigint NOT NULL DEFAULT 0,
    sante              bigint NOT NULL DEFAULT 0,
    numerique          bigint NOT NULL DEFAULT 0,
    solidarite         bigint NOT NULL DEFAULT 0,
    mobilite           bigint NOT NULL DEFAULT 0,
    autre              bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (level, code)
);

CREATE INDEX territory_partnership_counts_zero_idx ON territory_partnership_counts (level) WHERE n = 0;

-- The changed partnerships' deltas (delta_sql: columns domain, the ends'
-- commune, epci, departement and region, and d = +1 or -1) per territory.
-- A group is written when any of its sums moved: a partnership changing
-- domain within a territory leaves n and moves two domains.
CREATE OR REPLACE FUNCTION territory_partnership_counts_sql(delta_sql text, fresh boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        WITH ends AS (
            SELECT l.level, x.domain, x.d,
                   CASE l.level WHEN 'commune' THEN x.a_commune WHEN 'epci' THEN x.a_epci
                                WHEN 'departement' THEN x.a_departement ELSE x.a_region END AS a,
                   CASE l.level WHEN 'commune' THEN x.b_commune WHEN 'epci' THEN x.b_epci
                                WHEN 'departement' THEN x.b_departement ELSE x.b_region END AS b
              FROM (%s) x
             CROSS JOIN (VALUES ('region'), ('departement'), ('epci'), ('commune')) l (level))
        INSERT INTO territory_partnership_counts AS c (level, code, n, insertion_emploi, diversite_handicap, education_jeunesse, culture, sport, environnement, sante, numerique, solidarite, mobilite, autre)
        SELECT level, code, sum(d),
               coalesce(sum(d) FILTER (WHERE domain = 'insertion_emploi'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'diversite_handicap'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'education_jeunesse'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'culture'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'sport'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'environnement'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'sante'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'numerique'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'solidarite'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'mobilite'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'autre'), 0)
          FROM (SELECT level, a AS code, domain, d FROM ends WHERE a IS NOT NULL
                UNION ALL
                SELECT level, b, domain, d FROM ends WHERE b IS NOT NULL AND b IS DISTINCT FROM a) t
         GROUP BY level, code
        HAVING sum(d) <> 0 OR sum(d) FILTER (WHERE domain = 'insertion_emploi') <> 0 OR sum(d) FILTER (WHERE domain = 'diversite_handicap') <> 0 OR sum(d) FILTER (WHERE domain = 'education_jeunesse') <> 0 OR sum(d) FILTER (WHERE domain = 'culture') <> 0 OR sum(d) FILTER (WHERE domain = 'sport') <> 0 OR sum(d) FILTER (WHERE domain = 'environnement') <> 0 OR sum(d) FILTER (WHERE domain = 'sante') <> 0 OR sum(d) FILTER (WHERE domain = 'numerique') <> 0 OR sum(d) FILTER (WHERE domain = 'solidarite') <> 0 OR sum(d) FILTER (WHERE domain = 'mobilite') <> 0 OR sum(d) FILTER (WHERE domain = 'autre') <> 0
        %2$s
    $q$, delta_sql, CASE WHEN fresh THEN '' ELSE $t$
         ORDER BY 1, 2
        ON CONFLICT (level, code) DO UPDATE SET n = c.n + excluded.n,
            insertion_emploi = c.insertion_emploi + excluded.insertion_emploi,
            diversite_handicap = c.diversite_handicap + excluded.diversite_handicap,
            education_jeunesse = c.education_jeunesse + excluded.education_jeunesse,
            culture = c.culture + excluded.culture,
            sport = c.sport + excluded.sport,
            environnement = c.environnement + excluded.environnement,
            sante = c.sante + excluded.sante,
            numerique = c.numerique + excluded.numerique,
            solidarite = c.solidarite + excluded.solidarite,
            mobilite = c.mobilite + excluded.mobilite,
            autre = c.autre + excluded.autre$t$ END);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION territory_partnership_counts_select(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN (SELECT string_agg(format($q$
        SELECT %1$L::text AS level, e.code, sum(e.d) AS n,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'insertion_emploi'), 0) AS insertion_emploi,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'diversite_handicap'), 0) AS diversite_handicap,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'education_jeunesse'), 0) AS education_jeunesse,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'culture'), 0) AS culture,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'sport'), 0) AS sport,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'environnement'), 0) AS environnement,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'sante'), 0) AS sante,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'numerique'), 0) AS numerique,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'solidarite'), 0) AS solidarite,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'mobilite'), 0) AS mobilite,
               coalesce(sum(e.d) FILTER (WHERE e.domain = 'autre'), 0) AS autre
          FROM (SELECT x.a_%1$s AS code, x.domain, x.d FROM (%2$s) x WHERE x.a_%1$s IS NOT NULL
                UNION ALL
                SELECT x.b_%1$s, x.domain, x.d FROM (%2$s) x
                 WHERE x.b_%1$s IS NOT NULL AND x.b_%1$s IS DISTINCT FROM x.a_%1$s) e
         GROUP BY e.code
        HAVING sum(e.d) <> 0$q$, lv.level, delta_sql), E'\n        UNION ALL')
              FROM (VALUES ('region'), ('departement'), ('epci'), ('commune')) lv (level));
-- +goose StatementEnd

CREATE OR REPLACE FUNCTION territory_partnership_counts_from(rows_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO territory_partnership_counts (level, code, n, insertion_emploi, diversite_handicap, education_jeunesse, culture, sport, environnement, sante, numerique, solidarite, mobilite, autre)
        SELECT level, code, n, insertion_emploi, diversite_handicap, education_jeunesse, culture, sport, environnement, sante, numerique, solidarite, mobilite, autre FROM (%s) r
    $q$, rows_sql);

-- The partnerships counted today (the summaries' day, 00024).
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
        'b_commune, b_epci, b_departement, b_region, 1 AS d FROM ' || summary_rows('partnerships'), true);
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE territory_partnership_counts;

CREATE TABLE territory_partnership_counts (
    level  text COLLATE "C" NOT NULL CHECK (level IN ('region', 'departement', 'epci', 'commune')),
    code   text COLLATE "C" NOT NULL,
    domain text NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (level, code, domain)
);

CREATE INDEX territory_partnership_counts_zero_idx ON territory_partnership_counts (level) WHERE n = 0;

CREATE OR REPLACE FUNCTION territory_partnership_counts_sql(delta_sql text, fresh boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        WITH ends AS (
            SELECT l.level, x.domain, x.d,
                   CASE l.level WHEN 'commune' THEN x.a_commune WHEN 'epci' THEN x.a_epci
                                WHEN 'departement' THEN x.a_departement ELSE x.a_region END AS a,
                   CASE l.level WHEN 'commune' THEN x.b_commune WHEN 'epci' THEN x.b_epci
                                WHEN 'departement' THEN x.b_departement ELSE x.b_region END AS b
              FROM (%s) x
             CROSS JOIN (VALUES ('region'), ('departement'), ('epci'), ('commune')) l (level))
        INSERT INTO territory_partnership_counts AS c (level, code, domain, n)
        SELECT level, code, coalesce(domain, ''), sum(d)
          FROM (SELECT level, a AS code, domain, d FROM ends WHERE a IS NOT NULL
                UNION ALL
                SELECT level, b, domain, d FROM ends WHERE b IS NOT NULL AND b IS DISTINCT FROM a) t
         GROUP BY GROUPING SETS ((level, code), (level, code, domain))
        HAVING sum(d) <> 0
        %2$s
    $q$, delta_sql, CASE WHEN fresh THEN '' ELSE $t$
         ORDER BY 1, 2, 3
        ON CONFLICT (level, code, domain) DO UPDATE SET n = c.n + excluded.n$t$ END);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION territory_partnership_counts_select(delta_sql text) RETURNS text
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

CREATE OR REPLACE FUNCTION territory_partnership_counts_from(rows_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        WITH by_domain AS (%s)
        INSERT INTO territory_partnership_counts (level, code, domain, n)
        SELECT level, code, domain, n FROM by_domain
        UNION ALL
        SELECT level, code, '', sum(n) FROM by_domain GROUP BY level, code HAVING sum(n) <> 0
    $q$, rows_sql);

-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
        'b_commune, b_epci, b_departement, b_region, 1 AS d FROM ' || summary_rows('partnerships'), true);
END
$$;
-- +goose StatementEnd
