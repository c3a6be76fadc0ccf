-- +goose Up

-- Three reads of a territory's portrait that grew with the data.
--
-- Partnerships with an end in a territory were found through the ids of
-- every actor located in it (52 000 for the Rhône on a national database),
-- probed in the actor_a and actor_b indexes: 0.2 s. Each partnership keeps
-- the commune of each end (00010, kept by the triggers when an actor moves
-- or a commune changes parents); indexed, a département's partnerships are
-- those of its 266 communes.
CREATE INDEX partnerships_a_commune_idx ON partnerships (a_commune, id);
CREATE INDEX partnerships_b_commune_idx ON partnerships (b_commune, id);

-- Actors by kind in a territory were counted from the actors themselves
-- (0.1 s for a département). actor_commune_kinds keeps the count per
-- commune ('' for none: actors abroad) and kind, by statement triggers in
-- the same transaction as the actors like actor_cells (00014), and is
-- checked against a fresh count by the same test.
CREATE TABLE actor_commune_kinds (
    commune text COLLATE "C" NOT NULL,
    kind    text NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (commune, kind)
);

-- actor_commune_kinds_sql applies the actors selected by delta_sql
-- (columns commune, kind and d = +1 or -1); sorted, so concurrent writers
-- lock rows in the same order.
CREATE FUNCTION actor_commune_kinds_sql(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO actor_commune_kinds AS c (commune, kind, n)
        SELECT coalesce(x.commune, ''), x.kind, sum(x.d)
          FROM (%s) x
         GROUP BY 1, 2
        HAVING sum(x.d) <> 0
         ORDER BY 1, 2
        ON CONFLICT (commune, kind) DO UPDATE SET n = c.n + excluded.n
    $q$, delta_sql);

-- +goose StatementBegin
CREATE FUNCTION actor_commune_kinds_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE actor_commune_kinds;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM new_rows');
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, -1 AS d FROM old_rows');
    ELSE
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM new_rows
                                         UNION ALL SELECT commune, kind, -1 AS d FROM old_rows');
    END IF;
    DELETE FROM actor_commune_kinds WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER actors_commune_kinds_insert AFTER INSERT ON actors REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_commune_kinds_maintain();
CREATE TRIGGER actors_commune_kinds_update AFTER UPDATE ON actors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_commune_kinds_maintain();
CREATE TRIGGER actors_commune_kinds_delete AFTER DELETE ON actors REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_commune_kinds_maintain();
CREATE TRIGGER actors_commune_kinds_truncate AFTER TRUNCATE ON actors
    FOR EACH STATEMENT EXECUTE FUNCTION actor_commune_kinds_maintain();

-- Count the actors already there.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM actors');
END
$$;
-- +goose StatementEnd

-- A territory's alliance history (alliances located in it or in a
-- territory inside it) was a view grouping every alliance with its
-- territory: every territory lookup hashed the 36 000 territories (20 ms on
-- a national database, three lookups per portrait). It is a table now,
-- recomputed whole by statement triggers when alliances change or a
-- territory comes, goes or changes parents: about 40 ms for 15 000
-- alliances, once per writing statement.
DROP VIEW territory_alliances;

CREATE TABLE territory_alliances (
    level                text COLLATE "C" NOT NULL,
    code                 text COLLATE "C" NOT NULL,
    alliances_count      integer NOT NULL,
    alliances_first_year integer,
    PRIMARY KEY (level, code)
);

-- +goose StatementBegin
CREATE FUNCTION territory_alliances_refresh() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'territories' AND TG_OP = 'UPDATE' THEN
        -- Only the update trigger has these transition tables.
        IF NOT EXISTS (
            SELECT 1 FROM new_rows n FULL JOIN old_rows o ON o.level = n.level AND o.code = n.code
             WHERE (o.level, o.code, o.region, o.departement, o.epci) IS DISTINCT FROM
                   (n.level, n.code, n.region, n.departement, n.epci)) THEN
            RETURN NULL; -- no territory moved: the history stands
        END IF;
    END IF;
    DELETE FROM territory_alliances;
    INSERT INTO territory_alliances (level, code, alliances_count, alliances_first_year)
    SELECT x.level, x.code, count(*)::integer, min(al.start_year)
      FROM alliances al
      JOIN territories t ON t.level = al.territory_level AND t.code = al.territory
     CROSS JOIN LATERAL (VALUES (t.level, t.code), ('region', t.region),
                                ('departement', t.departement), ('epci', t.epci)) AS x (level, code)
     WHERE x.code IS NOT NULL
     GROUP BY x.level, x.code;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER alliances_territory_alliances AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON alliances
    FOR EACH STATEMENT EXECUTE FUNCTION territory_alliances_refresh();
CREATE TRIGGER territories_territory_alliances_change AFTER INSERT OR DELETE OR TRUNCATE ON territories
    FOR EACH STATEMENT EXECUTE FUNCTION territory_alliances_refresh();
CREATE TRIGGER territories_territory_alliances_update AFTER UPDATE ON territories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territory_alliances_refresh();

-- The history of the alliances already there.
INSERT INTO territory_alliances (level, code, alliances_count, alliances_first_year)
SELECT x.level, x.code, count(*)::integer, min(al.start_year)
  FROM alliances al
  JOIN territories t ON t.level = al.territory_level AND t.code = al.territory
 CROSS JOIN LATERAL (VALUES (t.level, t.code), ('region', t.region),
                            ('departement', t.departement), ('epci', t.epci)) AS x (level, code)
 WHERE x.code IS NOT NULL
 GROUP BY x.level, x.code;

-- +goose Down
DROP TRIGGER territories_territory_alliances_update ON territories;
DROP TRIGGER territories_territory_alliances_change ON territories;
DROP TRIGGER alliances_territory_alliances ON alliances;
DROP FUNCTION territory_alliances_refresh();
DROP TABLE territory_alliances;
CREATE VIEW territory_alliances AS
SELECT x.level, x.code, count(*)::integer AS alliances_count, min(al.start_year) AS alliances_first_year
  FROM alliances al
  JOIN territories t ON t.level = al.territory_level AND t.code = al.territory
 CROSS JOIN LATERAL (VALUES (t.level, t.code), ('region', t.region),
                            ('departement', t.departement), ('epci', t.epci)) AS x (level, code)
 WHERE x.code IS NOT NULL
 GROUP BY x.level, x.code;
DROP TRIGGER actors_commune_kinds_truncate ON actors;
DROP TRIGGER actors_commune_kinds_delete ON actors;
DROP TRIGGER actors_commune_kinds_update ON actors;
DROP TRIGGER actors_commune_kinds_insert ON actors;
DROP FUNCTION actor_commune_kinds_maintain();
DROP FUNCTION actor_commune_kinds_sql(text);
DROP TABLE actor_commune_kinds;
DROP INDEX partnerships_b_commune_idx;
DROP INDEX partnerships_a_commune_idx;
