-- +goose Up

-- The gap ranking (analysis.RankGaps, GET /api/gaps) needs, for every
-- territory of a level, the partnerships of each domain with at least one
-- actor located in it. Over 34 875 communes and 1.2 M partnerships,
-- counting that per request means reading every partnership twice;
-- territory_partnership_counts keeps the counts instead, maintained by
-- statement triggers in the same transaction as the rows, like
-- partnership_flow_counts (migration 00009), and checked against a fresh
-- count by the same kind of test.
--
-- The commune of each end joins the EPCI, département and région stored by
-- 00009, so that an actor's move can still be subtracted from where it was.

ALTER TABLE partnerships
    ADD COLUMN a_commune text COLLATE "C",
    ADD COLUMN b_commune text COLLATE "C";

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom),
           a.commune, ca.epci, ca.departement, ca.region,
           b.commune, cb.epci, cb.departement, cb.region
      INTO NEW.scale, NEW.geom,
           NEW.a_commune, NEW.a_epci, NEW.a_departement, NEW.a_region,
           NEW.b_commune, NEW.b_epci, NEW.b_departement, NEW.b_region
      FROM actors a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
     CROSS JOIN actors b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
     WHERE a.id = NEW.actor_a AND b.id = NEW.actor_b;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('partnership %s: actor %s or %s does not exist', NEW.id, NEW.actor_a, NEW.actor_b);
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

DROP TRIGGER partnerships_derive ON partnerships;
CREATE TRIGGER partnerships_derive
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom, a_commune, b_commune,
        a_epci, a_departement, a_region, b_epci, b_departement, b_region ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();

UPDATE partnerships SET scale = scale;

-- One row per territory and domain; domain '' counts every partnership
-- once whatever its domain. A partnership with both ends in the territory
-- counts once.
CREATE TABLE territory_partnership_counts (
    level  text COLLATE "C" NOT NULL CHECK (level IN ('region', 'departement', 'epci', 'commune')),
    code   text COLLATE "C" NOT NULL,
    domain text NOT NULL,
    -- No CHECK (n >= 0), as in partnership_flow_counts: an upsert's
    -- proposed decrement is checked before its conflict is resolved.
    n      bigint NOT NULL,
    PRIMARY KEY (level, code, domain)
);

CREATE INDEX territory_partnership_counts_zero_idx ON territory_partnership_counts (level) WHERE n = 0;

-- territory_partnership_counts_sql is the statement applying the changed
-- partnerships selected by delta_sql (with d = +1 or -1) to the counts;
-- the caller EXECUTEs it (see partnership_flow_counts_sql for why).
CREATE FUNCTION territory_partnership_counts_sql(delta_sql text) RETURNS text
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
         ORDER BY 1, 2, 3
        ON CONFLICT (level, code, domain) DO UPDATE SET n = c.n + excluded.n
    $q$, delta_sql);

-- +goose StatementBegin
CREATE FUNCTION territory_partnership_counts_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'domain, a_commune, a_epci, a_departement, a_region, b_commune, b_epci, b_departement, b_region';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE territory_partnership_counts_sql(format('SELECT %s, 1 AS d FROM new_rows', cols));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE territory_partnership_counts_sql(format('SELECT %s, -1 AS d FROM old_rows', cols));
    ELSE
        EXECUTE territory_partnership_counts_sql(format(
            'SELECT %1$s, 1 AS d FROM new_rows UNION ALL SELECT %1$s, -1 AS d FROM old_rows', cols));
    END IF;
    DELETE FROM territory_partnership_counts WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER partnerships_territory_counts_insert
    AFTER INSERT ON partnerships REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territory_partnership_counts_maintain();
CREATE TRIGGER partnerships_territory_counts_update
    AFTER UPDATE ON partnerships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territory_partnership_counts_maintain();
CREATE TRIGGER partnerships_territory_counts_delete
    AFTER DELETE ON partnerships REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territory_partnership_counts_maintain();

-- +goose StatementBegin
CREATE FUNCTION territory_partnership_counts_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE territory_partnership_counts;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER partnerships_territory_counts_truncate
    AFTER TRUNCATE ON partnerships
    FOR EACH STATEMENT EXECUTE FUNCTION territory_partnership_counts_truncate();

-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
        'b_commune, b_epci, b_departement, b_region, 1 AS d FROM partnerships');
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER partnerships_territory_counts_truncate ON partnerships;
DROP FUNCTION territory_partnership_counts_truncate();
DROP TRIGGER partnerships_territory_counts_delete ON partnerships;
DROP TRIGGER partnerships_territory_counts_update ON partnerships;
DROP TRIGGER partnerships_territory_counts_insert ON partnerships;
DROP FUNCTION territory_partnership_counts_maintain();
DROP FUNCTION territory_partnership_counts_sql(text);
DROP TABLE territory_partnership_counts;

DROP TRIGGER partnerships_derive ON partnerships;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom),
           ca.epci, ca.departement, ca.region,
           cb.epci, cb.departement, cb.region
      INTO NEW.scale, NEW.geom,
           NEW.a_epci, NEW.a_departement, NEW.a_region,
           NEW.b_epci, NEW.b_departement, NEW.b_region
      FROM actors a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
     CROSS JOIN actors b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
     WHERE a.id = NEW.actor_a AND b.id = NEW.actor_b;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('partnership %s: actor %s or %s does not exist', NEW.id, NEW.actor_a, NEW.actor_b);
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER partnerships_derive
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom,
        a_epci, a_departement, a_region, b_epci, b_departement, b_region ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();

ALTER TABLE partnerships DROP COLUMN a_commune, DROP COLUMN b_commune;
