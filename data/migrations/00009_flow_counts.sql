-- +goose Up

-- Flows (data.Store.Flows) count partnerships between the territories
-- holding their two actors. At national size (1.2 M partnerships) grouping
-- the rows on every request took 8 s; a map cannot wait for that. Two
-- changes make it a read of a few thousand rows:
--
--  1. each partnership keeps the EPCI, département and région of both its
--     actors, derived by the same trigger as its scale (so they can no more
--     be typed in than the scale), which lets any filtered flow query group
--     one table without joining actors and communes;
--  2. partnership_flow_counts holds the counts per pair of territories and
--     scale, in total and per category and per domain, kept by statement
--     triggers in the same transaction as the rows they count. It is a
--     summary of the rows, never an input: flows filtered on anything else
--     group the partnerships themselves, and a test checks the summary
--     against a fresh GROUP BY after every kind of write.

ALTER TABLE partnerships
    ADD COLUMN a_epci        text COLLATE "C",
    ADD COLUMN a_departement text COLLATE "C",
    ADD COLUMN a_region      text COLLATE "C",
    ADD COLUMN b_epci        text COLLATE "C",
    ADD COLUMN b_departement text COLLATE "C",
    ADD COLUMN b_region      text COLLATE "C";

-- partnership_derive now also fills the ends' territories. An actor abroad,
-- or a commune in no EPCI, leaves NULL there.
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

DROP TRIGGER partnerships_derive ON partnerships;
CREATE TRIGGER partnerships_derive
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom,
        a_epci, a_departement, a_region, b_epci, b_departement, b_region ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();

-- A commune moving to another département changes its actors' ends too.
DROP TRIGGER territories_rederive_partnerships ON territories;
CREATE TRIGGER territories_rederive_partnerships
    AFTER UPDATE OF epci, departement, region ON territories
    FOR EACH ROW
    WHEN (NEW.level = 'commune'
      AND (OLD.epci IS DISTINCT FROM NEW.epci
        OR OLD.departement IS DISTINCT FROM NEW.departement
        OR OLD.region IS DISTINCT FROM NEW.region))
    EXECUTE FUNCTION rederive_commune_partnerships();

-- Fill the new columns of the rows already there.
UPDATE partnerships SET scale = scale;

-- One row per level, pair of ends, scale and grain: category and domain are
-- both '' for the total of the pair, one of them is set for the count of
-- that category or that domain (never both: that would multiply the rows by
-- 44 for a filter the partnerships themselves answer). An end outside any
-- territory of the level is ''.
CREATE TABLE partnership_flow_counts (
    level    text COLLATE "C" NOT NULL CHECK (level IN ('region', 'departement', 'epci')),
    category text NOT NULL,
    domain   text NOT NULL,
    a        text COLLATE "C" NOT NULL,
    b        text COLLATE "C" NOT NULL,
    scale    text NOT NULL,
    -- No CHECK (n >= 0): PostgreSQL checks the proposed row of an upsert
    -- before resolving the conflict, and a decrement proposes a negative n.
    n        bigint NOT NULL,
    PRIMARY KEY (level, category, domain, a, b, scale),
    CHECK (category = '' OR domain = '')
);

-- Counts falling to zero are deleted; this index finds them without a scan.
CREATE INDEX partnership_flow_counts_zero_idx ON partnership_flow_counts (level) WHERE n = 0;

-- partnership_flow_counts_sql is the statement turning changed partnerships
-- (+1 for a new row, -1 for an old one), selected by delta_sql, into count
-- changes at every level and grain. It returns the text for the caller to
-- EXECUTE: transition tables are visible to the trigger function only, not
-- to a function it calls.
CREATE FUNCTION partnership_flow_counts_sql(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO partnership_flow_counts AS c (level, category, domain, a, b, scale, n)
        SELECT level, coalesce(category, ''), coalesce(domain, ''), a, b, scale, sum(d)
          FROM (SELECT l.level, x.category, x.domain, x.scale, x.d,
                       coalesce(CASE l.level WHEN 'epci' THEN x.a_epci
                                             WHEN 'departement' THEN x.a_departement
                                             ELSE x.a_region END, '') AS a,
                       coalesce(CASE l.level WHEN 'epci' THEN x.b_epci
                                             WHEN 'departement' THEN x.b_departement
                                             ELSE x.b_region END, '') AS b
                  FROM (%s) x
                 CROSS JOIN (VALUES ('region'), ('departement'), ('epci')) l (level)) e
         GROUP BY GROUPING SETS ((level, a, b, scale), (level, category, a, b, scale), (level, domain, a, b, scale))
        HAVING sum(d) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (level, category, domain, a, b, scale) DO UPDATE SET n = c.n + excluded.n
    $q$, delta_sql);

-- The statement triggers read the transition tables of one INSERT, UPDATE
-- or DELETE (an upsert fires both the INSERT and the UPDATE one, each with
-- its own rows). Rows are sorted before the upsert so concurrent writers
-- lock count rows in the same order.
-- +goose StatementBegin
CREATE FUNCTION partnership_flow_counts_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'category, domain, scale, a_epci, a_departement, a_region, b_epci, b_departement, b_region';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE partnership_flow_counts_sql(format('SELECT %s, 1 AS d FROM new_rows', cols));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE partnership_flow_counts_sql(format('SELECT %s, -1 AS d FROM old_rows', cols));
    ELSE
        EXECUTE partnership_flow_counts_sql(format(
            'SELECT %1$s, 1 AS d FROM new_rows UNION ALL SELECT %1$s, -1 AS d FROM old_rows', cols));
    END IF;
    DELETE FROM partnership_flow_counts WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER partnerships_flow_counts_insert
    AFTER INSERT ON partnerships REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_flow_counts_maintain();
CREATE TRIGGER partnerships_flow_counts_update
    AFTER UPDATE ON partnerships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_flow_counts_maintain();
CREATE TRIGGER partnerships_flow_counts_delete
    AFTER DELETE ON partnerships REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_flow_counts_maintain();

-- TRUNCATE has no transition table: it empties the counts with the rows.
-- +goose StatementBegin
CREATE FUNCTION partnership_flow_counts_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE partnership_flow_counts;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER partnerships_flow_counts_truncate
    AFTER TRUNCATE ON partnerships
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_flow_counts_truncate();

-- Count the rows already there.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE partnership_flow_counts_sql('SELECT category, domain, scale, a_epci, a_departement, a_region, '
        'b_epci, b_departement, b_region, 1 AS d FROM partnerships');
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER partnerships_flow_counts_truncate ON partnerships;
DROP FUNCTION partnership_flow_counts_truncate();
DROP TRIGGER partnerships_flow_counts_delete ON partnerships;
DROP TRIGGER partnerships_flow_counts_update ON partnerships;
DROP TRIGGER partnerships_flow_counts_insert ON partnerships;
DROP FUNCTION partnership_flow_counts_maintain();
DROP FUNCTION partnership_flow_counts_sql(text);
DROP TABLE partnership_flow_counts;

DROP TRIGGER territories_rederive_partnerships ON territories;
CREATE TRIGGER territories_rederive_partnerships
    AFTER UPDATE OF epci, region ON territories
    FOR EACH ROW
    WHEN (NEW.level = 'commune'
      AND (OLD.epci IS DISTINCT FROM NEW.epci OR OLD.region IS DISTINCT FROM NEW.region))
    EXECUTE FUNCTION rederive_commune_partnerships();

DROP TRIGGER partnerships_derive ON partnerships;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom)
      INTO NEW.scale, NEW.geom
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
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();

ALTER TABLE partnerships
    DROP COLUMN a_epci, DROP COLUMN a_departement, DROP COLUMN a_region,
    DROP COLUMN b_epci, DROP COLUMN b_departement, DROP COLUMN b_region;
