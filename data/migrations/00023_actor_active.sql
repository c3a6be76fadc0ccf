-- +goose Up
-- An actor closed (a SIRENE establishment) or dissolved (an RNA
-- association) since it was loaded is kept, with its partnerships and
-- their history, but marked inactive (geo.Actor.Inactive): the registry
-- imports mark it, writes may too. An inactive actor no longer counts among
-- the actors of its territory: the observatory's classes
-- (actor_class_counts: actors and partnering) and the actors by kind
-- (actor_commune_kinds) leave it out, through their statement triggers,
-- which now carry the column; its partnerships keep counting wherever
-- partnerships are counted. Every actor is active when the column comes,
-- so no summary changes now; the default rewrites nothing (PostgreSQL 11+
-- stores it in the catalogue).
ALTER TABLE actors ADD COLUMN active boolean NOT NULL DEFAULT true;
CREATE INDEX actors_active_idx ON actors (active, id);

CREATE OR REPLACE FUNCTION actor_class_counts_sql(delta_sql text, fresh boolean) RETURNS text
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
         WHERE x.kind IN ('association', 'entreprise') AND x.active
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        %2$s
    $q$, delta_sql, CASE WHEN fresh THEN '' ELSE $t$
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        ON CONFLICT (commune, fr, association, employer, insertion, employees10, employees1000, grp) DO UPDATE SET
            actors = c.actors + excluded.actors, partnering = c.partnering + excluded.partnering,
            ends = c.ends + excluded.ends, mecenat = c.mecenat + excluded.mecenat,
            pratiques_responsables = c.pratiques_responsables + excluded.pratiques_responsables,
            cooperation_economique = c.cooperation_economique + excluded.cooperation_economique,
            innovation_societale = c.innovation_societale + excluded.innovation_societale,
            insertion_emploi = c.insertion_emploi + excluded.insertion_emploi,
            local = c.local + excluded.local, regional = c.regional + excluded.regional,
            collectivite = c.collectivite + excluded.collectivite$t$ END);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_tallies_classes_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'a.active, a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 0 AS da, '
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_classes_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'a.active, a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, %s AS da, '
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_commune_kinds_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE actor_commune_kinds;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM new_rows WHERE active');
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, -1 AS d FROM old_rows WHERE active');
    ELSE
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM new_rows WHERE active
                                         UNION ALL SELECT commune, kind, -1 AS d FROM old_rows WHERE active');
    END IF;
    DELETE FROM actor_commune_kinds WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bulk_summaries(tbl text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    ends constant text := 'SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
                          'a_region, a_departement, b_region, b_departement, category, domain, scale, 1 AS d FROM partnerships';
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
            'b_epci, b_departement, b_region, 1 AS d FROM partnerships', NOT EXISTS (SELECT 1 FROM partnership_flow_counts));
        EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
            'b_commune, b_epci, b_departement, b_region, 1 AS d FROM partnerships', NOT EXISTS (SELECT 1 FROM territory_partnership_counts));
        EXECUTE actor_tallies_sql(ends, NOT EXISTS (SELECT 1 FROM actor_tallies));
        EXECUTE partnership_end_counts_sql(ends, NOT EXISTS (SELECT 1 FROM partnership_end_counts));
    ELSE
        RAISE EXCEPTION 'bulk_summaries: no summaries for table %', tbl;
    END IF;
END
$$;
-- +goose StatementEnd

-- +goose Down
CREATE OR REPLACE FUNCTION actor_class_counts_sql(delta_sql text, fresh boolean) RETURNS text
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
        %2$s
    $q$, delta_sql, CASE WHEN fresh THEN '' ELSE $t$
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
        ON CONFLICT (commune, fr, association, employer, insertion, employees10, employees1000, grp) DO UPDATE SET
            actors = c.actors + excluded.actors, partnering = c.partnering + excluded.partnering,
            ends = c.ends + excluded.ends, mecenat = c.mecenat + excluded.mecenat,
            pratiques_responsables = c.pratiques_responsables + excluded.pratiques_responsables,
            cooperation_economique = c.cooperation_economique + excluded.cooperation_economique,
            innovation_societale = c.innovation_societale + excluded.innovation_societale,
            insertion_emploi = c.insertion_emploi + excluded.insertion_emploi,
            local = c.local + excluded.local, regional = c.regional + excluded.regional,
            collectivite = c.collectivite + excluded.collectivite$t$ END);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_tallies_classes_maintain() RETURNS trigger
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_classes_maintain() RETURNS trigger
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION actor_commune_kinds_maintain() RETURNS trigger
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bulk_summaries(tbl text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    ends constant text := 'SELECT actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
                          'a_region, a_departement, b_region, b_departement, category, domain, scale, 1 AS d FROM partnerships';
BEGIN
    IF tbl = 'actors' THEN
        EXECUTE actor_cells_sql('SELECT geom, kind, employees, 1 AS d FROM actors',
                                NOT EXISTS (SELECT 1 FROM actor_cells));
        EXECUTE actor_commune_kinds_sql('SELECT commune, kind, 1 AS d FROM actors',
                                        NOT EXISTS (SELECT 1 FROM actor_commune_kinds));
        EXECUTE actor_class_counts_sql('SELECT a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 1 AS da, '
            't.ends, t.mecenat, t.pratiques_responsables, t.cooperation_economique, t.innovation_societale, '
            't.insertion_emploi, t.local, t.regional, t.collectivite, 1 AS dt FROM actors a LEFT JOIN actor_tallies t ON t.actor = a.id',
            NOT EXISTS (SELECT 1 FROM actor_class_counts));
    ELSIF tbl = 'partnerships' THEN
        EXECUTE partnership_flow_counts_sql('SELECT category, domain, scale, a_epci, a_departement, a_region, '
            'b_epci, b_departement, b_region, 1 AS d FROM partnerships', NOT EXISTS (SELECT 1 FROM partnership_flow_counts));
        EXECUTE territory_partnership_counts_sql('SELECT domain, a_commune, a_epci, a_departement, a_region, '
            'b_commune, b_epci, b_departement, b_region, 1 AS d FROM partnerships', NOT EXISTS (SELECT 1 FROM territory_partnership_counts));
        EXECUTE actor_tallies_sql(ends, NOT EXISTS (SELECT 1 FROM actor_tallies));
        EXECUTE partnership_end_counts_sql(ends, NOT EXISTS (SELECT 1 FROM partnership_end_counts));
    ELSE
        RAISE EXCEPTION 'bulk_summaries: no summaries for table %', tbl;
    END IF;
END
$$;
-- +goose StatementEnd

DROP INDEX actors_active_idx;
ALTER TABLE actors DROP COLUMN active;
