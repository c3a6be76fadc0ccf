-- +goose Up

-- The observatory of France, a région or a département
-- (data.Store.ObservatoryCounts) read every partnership twice and every actor
-- once: 4.6 s for France on a national database. Three summaries, kept by
-- statement triggers in the same transaction as the rows like the others
-- (00009, 00010, 00014), hold what it groups; the narrower scopes (EPCI,
-- commune) still read their rows, a few hundred of them. Each is checked against a
-- fresh count after every kind of write.
--
--   actor_tallies: per actor, its partnership ends, and how many of them
--     are of each category, in insertion_emploi, local, regional, and with
--     a collectivité as partner (the partner's kind is the partnership's
--     copy, 00013);
--   actor_class_counts: per commune (or none), country France or not, and
--     class of association or company (the classes the figures split
--     actors by), the actors, those partnering, their ends, and those with
--     at least one end of each kind above;
--   partnership_end_counts: the partnerships by domain, scale, the région,
--     département and France-or-not of each end, and each end's sector
--     when it is a company.

CREATE TABLE actor_tallies (
    actor                  bigint PRIMARY KEY,
    ends                   bigint NOT NULL,
    mecenat                bigint NOT NULL,
    pratiques_responsables bigint NOT NULL,
    cooperation_economique bigint NOT NULL,
    innovation_societale   bigint NOT NULL,
    insertion_emploi       bigint NOT NULL,
    local                  bigint NOT NULL,
    regional               bigint NOT NULL,
    collectivite           bigint NOT NULL
);

CREATE TABLE actor_class_counts (
    commune                text COLLATE "C" NOT NULL, -- '' for none
    fr                     boolean NOT NULL,
    association            boolean NOT NULL,          -- else a company
    employer               boolean NOT NULL,
    insertion              boolean NOT NULL,
    employees10            boolean NOT NULL,
    employees1000          boolean NOT NULL,
    grp                    text NOT NULL,             -- an association's group, '' for none
    actors                 bigint NOT NULL,
    partnering             bigint NOT NULL,
    ends                   bigint NOT NULL,
    mecenat                bigint NOT NULL,
    pratiques_responsables bigint NOT NULL,
    cooperation_economique bigint NOT NULL,
    innovation_societale   bigint NOT NULL,
    insertion_emploi       bigint NOT NULL,
    local                  bigint NOT NULL,
    regional               bigint NOT NULL,
    collectivite           bigint NOT NULL,
    PRIMARY KEY (commune, fr, association, employer, insertion, employees10, employees1000, grp)
);

CREATE TABLE partnership_end_counts (
    domain        text NOT NULL,
    scale         text NOT NULL,
    a_region      text COLLATE "C" NOT NULL, -- '' for none
    a_departement text COLLATE "C" NOT NULL,
    b_region      text COLLATE "C" NOT NULL,
    b_departement text COLLATE "C" NOT NULL,
    a_fr      boolean NOT NULL,
    b_fr      boolean NOT NULL,
    a_company boolean NOT NULL,
    b_company boolean NOT NULL,
    a_sector  text NOT NULL,             -- a company's sector, '' for none
    b_sector  text NOT NULL,
    n         bigint NOT NULL,
    PRIMARY KEY (domain, scale, a_region, a_departement, b_region, b_departement, a_fr, b_fr, a_company, b_company, a_sector, b_sector)
);

-- The statements applying changed rows (selected by delta_sql, with d = +1
-- or -1) to each summary; the triggers EXECUTE them (transition tables are
-- visible to the trigger function only). Sorted, so concurrent writers
-- lock summary rows in the same order.
CREATE FUNCTION actor_tallies_sql(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO actor_tallies AS t
        SELECT actor, sum(d),
               coalesce(sum(d) FILTER (WHERE category = 'mecenat'), 0),
               coalesce(sum(d) FILTER (WHERE category = 'pratiques_responsables'), 0),
               coalesce(sum(d) FILTER (WHERE category = 'cooperation_economique'), 0),
               coalesce(sum(d) FILTER (WHERE category = 'innovation_societale'), 0),
               coalesce(sum(d) FILTER (WHERE domain = 'insertion_emploi'), 0),
               coalesce(sum(d) FILTER (WHERE scale = 'local'), 0),
               coalesce(sum(d) FILTER (WHERE scale = 'regional'), 0),
               coalesce(sum(d) FILTER (WHERE partner_kind = 'collectivite'), 0)
          FROM (SELECT x.actor_a AS actor, x.b_kind AS partner_kind, x.category, x.domain, x.scale, x.d FROM (%1$s) x
                UNION ALL
                SELECT x.actor_b, x.a_kind, x.category, x.domain, x.scale, x.d FROM (%1$s) x) e
         GROUP BY actor
         ORDER BY actor
        ON CONFLICT (actor) DO UPDATE SET
            ends = t.ends + excluded.ends, mecenat = t.mecenat + excluded.mecenat,
            pratiques_responsables = t.pratiques_responsables + excluded.pratiques_responsables,
            cooperation_economique = t.cooperation_economique + excluded.cooperation_economique,
            innovation_societale = t.innovation_societale + excluded.innovation_societale,
            insertion_emploi = t.insertion_emploi + excluded.insertion_emploi,
            local = t.local + excluded.local, regional = t.regional + excluded.regional,
            collectivite = t.collectivite + excluded.collectivite
    $q$, delta_sql);

-- actor_class_counts_sql takes rows of an actor's class columns (commune,
-- country, kind, employer, insertion, employees, domains), the delta of
-- actors (da: ±1 when an actor comes or goes, 0 when only its tallies
-- change) and of its tallies (dt: ±1 with the tallies' columns, NULL
-- meaning none).
CREATE FUNCTION actor_class_counts_sql(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO actor_class_counts AS c
        SELECT coalesce(x.commune, ''), x.country = 'FR', x.kind = 'association', x.employer, x.insertion,
               x.employees >= 10, x.employees >= 1000,
               CASE WHEN x.kind = 'association' AND NOT x.insertion THEN coalesce(x.domains[1], 'autre') ELSE '' END,
               sum(x.da),
               sum(x.dt * (coalesce(x.ends, 0) > 0)::int),
               sum(x.dt * coalesce(x.ends, 0)),
               sum(x.dt * (coalesce(x.mecenat, 0) > 0)::int),
               sum(x.dt * (coalesce(x.pratiques_responsables, 0) > 0)::int),
               sum(x.dt * (coalesce(x.cooperation_economique, 0) > 0)::int),
               sum(x.dt * (coalesce(x.innovation_societale, 0) > 0)::int),
               sum(x.dt * (coalesce(x.insertion_emploi, 0) > 0)::int),
               sum(x.dt * (coalesce(x.local, 0) > 0)::int),
               sum(x.dt * (coalesce(x.regional, 0) > 0)::int),
               sum(x.dt * (coalesce(x.collectivite, 0) > 0)::int)
          FROM (%s) x
         WHERE x.kind IN ('association', 'entreprise')
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        ON CONFLICT (commune, fr, association, employer, insertion, employees10, employees1000, grp) DO UPDATE SET
            actors = c.actors + excluded.actors, partnering = c.partnering + excluded.partnering,
            ends = c.ends + excluded.ends, mecenat = c.mecenat + excluded.mecenat,
            pratiques_responsables = c.pratiques_responsables + excluded.pratiques_responsables,
            cooperation_economique = c.cooperation_economique + excluded.cooperation_economique,
            innovation_societale = c.innovation_societale + excluded.innovation_societale,
            insertion_emploi = c.insertion_emploi + excluded.insertion_emploi,
            local = c.local + excluded.local, regional = c.regional + excluded.regional,
            collectivite = c.collectivite + excluded.collectivite
    $q$, delta_sql);

CREATE FUNCTION partnership_end_counts_sql(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO partnership_end_counts AS c
        SELECT x.domain, x.scale, coalesce(x.a_region, ''), coalesce(x.a_departement, ''),
               coalesce(x.b_region, ''), coalesce(x.b_departement, ''),
               x.a_country = 'FR', x.b_country = 'FR', x.a_kind = 'entreprise', x.b_kind = 'entreprise',
               CASE WHEN x.a_kind = 'entreprise' THEN coalesce(x.a_sector, '') ELSE '' END,
               CASE WHEN x.b_kind = 'entreprise' THEN coalesce(x.b_sector, '') ELSE '' END,
               sum(x.d)
          FROM (%s) x
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
        ON CONFLICT (domain, scale, a_region, a_departement, b_region, b_departement, a_fr, b_fr, a_company, b_company, a_sector, b_sector)
            DO UPDATE SET n = c.n + excluded.n
    $q$, delta_sql);

-- Partnerships: their ends' tallies and the end counts.
-- +goose StatementBegin
CREATE FUNCTION partnership_observatory_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
                          'a_region, a_departement, b_region, b_departement, category, domain, scale';
    delta text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        delta := format('SELECT %s, 1 AS d FROM new_rows', cols);
    ELSIF TG_OP = 'DELETE' THEN
        delta := format('SELECT %s, -1 AS d FROM old_rows', cols);
    ELSE
        delta := format('SELECT %1$s, 1 AS d FROM new_rows UNION ALL SELECT %1$s, -1 AS d FROM old_rows', cols);
    END IF;
    EXECUTE actor_tallies_sql(delta);
    DELETE FROM actor_tallies WHERE ends = 0;
    EXECUTE partnership_end_counts_sql(delta);
    DELETE FROM partnership_end_counts WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER partnerships_observatory_insert AFTER INSERT ON partnerships REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_observatory_maintain();
CREATE TRIGGER partnerships_observatory_update AFTER UPDATE ON partnerships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_observatory_maintain();
CREATE TRIGGER partnerships_observatory_delete AFTER DELETE ON partnerships REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_observatory_maintain();

-- Tallies: the classes of their actors (the actors themselves do not come
-- or go: da = 0).
-- +goose StatementBegin
CREATE FUNCTION actor_tallies_classes_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 0 AS da, '
                          't.ends, t.mecenat, t.pratiques_responsables, t.cooperation_economique, '
                          't.innovation_societale, t.insertion_emploi, t.local, t.regional, t.collectivite';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE actor_class_counts_sql(format('SELECT %s, 1 AS dt FROM new_rows t JOIN actors a ON a.id = t.actor', cols));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE actor_class_counts_sql(format('SELECT %s, -1 AS dt FROM old_rows t JOIN actors a ON a.id = t.actor', cols));
    ELSE
        EXECUTE actor_class_counts_sql(format('SELECT %1$s, 1 AS dt FROM new_rows t JOIN actors a ON a.id = t.actor
                                               UNION ALL SELECT %1$s, -1 AS dt FROM old_rows t JOIN actors a ON a.id = t.actor', cols));
    END IF;
    DELETE FROM actor_class_counts WHERE actors = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER actor_tallies_classes_insert AFTER INSERT ON actor_tallies REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_tallies_classes_maintain();
CREATE TRIGGER actor_tallies_classes_update AFTER UPDATE ON actor_tallies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_tallies_classes_maintain();
CREATE TRIGGER actor_tallies_classes_delete AFTER DELETE ON actor_tallies REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_tallies_classes_maintain();

-- Actors: their classes, with the tallies they have (da = dt = ±1).
-- +goose StatementBegin
CREATE FUNCTION actor_classes_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, %s AS da, '
                          't.ends, t.mecenat, t.pratiques_responsables, t.cooperation_economique, '
                          't.innovation_societale, t.insertion_emploi, t.local, t.regional, t.collectivite, %s AS dt';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE actor_class_counts_sql('SELECT ' || format(cols, 1, 1) || ' FROM new_rows a LEFT JOIN actor_tallies t ON t.actor = a.id');
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE actor_class_counts_sql('SELECT ' || format(cols, -1, -1) || ' FROM old_rows a LEFT JOIN actor_tallies t ON t.actor = a.id');
    ELSE
        EXECUTE actor_class_counts_sql('SELECT ' || format(cols, 1, 1) || ' FROM new_rows a LEFT JOIN actor_tallies t ON t.actor = a.id
                                        UNION ALL SELECT ' || format(cols, -1, -1) || ' FROM old_rows a LEFT JOIN actor_tallies t ON t.actor = a.id');
    END IF;
    DELETE FROM actor_class_counts WHERE actors = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER actors_classes_insert AFTER INSERT ON actors REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_classes_maintain();
CREATE TRIGGER actors_classes_update AFTER UPDATE ON actors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_classes_maintain();
CREATE TRIGGER actors_classes_delete AFTER DELETE ON actors REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_classes_maintain();

-- TRUNCATE has no transition table: it empties what it counted.
-- +goose StatementBegin
CREATE FUNCTION partnership_observatory_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM actor_tallies; -- through its trigger: the classes lose their partnering
    TRUNCATE partnership_end_counts;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER partnerships_observatory_truncate AFTER TRUNCATE ON partnerships
    FOR EACH STATEMENT EXECUTE FUNCTION partnership_observatory_truncate();

-- +goose StatementBegin
CREATE FUNCTION actor_classes_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE actor_class_counts;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER actors_classes_truncate AFTER TRUNCATE ON actors
    FOR EACH STATEMENT EXECUTE FUNCTION actor_classes_truncate();

-- Count the rows already there: the actors with no tallies yet, then the
-- partnerships, whose tallies bring the classes their partnering.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE actor_class_counts_sql('SELECT a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 1 AS da, '
        'NULL::bigint AS ends, NULL::bigint AS mecenat, NULL::bigint AS pratiques_responsables, NULL::bigint AS cooperation_economique, '
        'NULL::bigint AS innovation_societale, NULL::bigint AS insertion_emploi, NULL::bigint AS local, NULL::bigint AS regional, '
        'NULL::bigint AS collectivite, 0 AS dt FROM actors a');
    EXECUTE actor_tallies_sql('SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
        'a_region, a_departement, b_region, b_departement, category, domain, scale, 1 AS d FROM partnerships');
    EXECUTE partnership_end_counts_sql('SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
        'a_region, a_departement, b_region, b_departement, category, domain, scale, 1 AS d FROM partnerships');
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER actors_classes_truncate ON actors;
DROP FUNCTION actor_classes_truncate();
DROP TRIGGER partnerships_observatory_truncate ON partnerships;
DROP FUNCTION partnership_observatory_truncate();
DROP TRIGGER actors_classes_delete ON actors;
DROP TRIGGER actors_classes_update ON actors;
DROP TRIGGER actors_classes_insert ON actors;
DROP FUNCTION actor_classes_maintain();
DROP TRIGGER actor_tallies_classes_delete ON actor_tallies;
DROP TRIGGER actor_tallies_classes_update ON actor_tallies;
DROP TRIGGER actor_tallies_classes_insert ON actor_tallies;
DROP FUNCTION actor_tallies_classes_maintain();
DROP TRIGGER partnerships_observatory_delete ON partnerships;
DROP TRIGGER partnerships_observatory_update ON partnerships;
DROP TRIGGER partnerships_observatory_insert ON partnerships;
DROP FUNCTION partnership_observatory_maintain();
DROP FUNCTION partnership_end_counts_sql(text);
DROP FUNCTION actor_class_counts_sql(text);
DROP FUNCTION actor_tallies_sql(text);
DROP TABLE partnership_end_counts;
DROP TABLE actor_class_counts;
DROP TABLE actor_tallies;
