-- +goose Up

-- actor_class_counts counts the actors by class with their tallies
-- (actor_tallies, one row per actor with partnerships). A national load
-- counted the classes twice: once when the actors were written (their
-- tallies still empty, 3.1 s), then again, actor by actor, as the
-- partnerships' tallies were written (an upsert of 533 000 tallies, 6.9 s;
-- 5 s afresh). A bulk write now marks the classes to count instead
-- (deferred_recounts), and they are counted afresh, once, when the
-- transaction commits, or earlier when it sets the trigger's constraint
-- IMMEDIATE (the load does, to analyze what it wrote): a constraint
-- trigger, so that whichever transaction marks them, whoever wrote the
-- rows before, they are counted before anyone else reads them. Rows the
-- tallies' own trigger adds to the classes meanwhile are replaced by the
-- count. actor_class_counts_rows() is the rows every full count reads,
-- bulk_summaries' own since migration 00018.

CREATE FUNCTION actor_class_counts_rows() RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN 'SELECT a.active, a.commune, a.country, a.kind, a.employer, a.insertion, a.employees, a.domains, 1 AS da, '
           't.ends, t.mecenat, t.pratiques_responsables, t.cooperation_economique, t.innovation_societale, '
           't.insertion_emploi, t.local, t.regional, t.collectivite, 1 AS dt FROM actors a LEFT JOIN actor_tallies t ON t.actor = a.id';

-- bulk_class_counts counts actor_class_counts afresh. The actors and
-- tallies may have been written in this transaction, with no statistics
-- yet: both are analyzed first (0.5 s on national data), else the planner,
-- guessing a few thousand actors where there are millions, hashed the
-- actors rather than their 533 000 tallies and sorted them to group them
-- (6 s against 3.2 s); and kept from sorting in any case.
-- +goose StatementBegin
CREATE FUNCTION bulk_class_counts() RETURNS void
    LANGUAGE plpgsql
    SET enable_sort = off
    AS $$
BEGIN
    ANALYZE actors, actor_tallies;
    TRUNCATE actor_class_counts;
    EXECUTE actor_class_counts_sql(actor_class_counts_rows(), true);
END
$$;
-- +goose StatementEnd

-- deferred_recounts holds, until its transaction commits, the summaries
-- a bulk write left to count afresh; empty otherwise.
CREATE TABLE deferred_recounts (
    summary text PRIMARY KEY CHECK (summary IN ('actor_class_counts'))
);

-- +goose StatementBegin
CREATE FUNCTION run_deferred_recount() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.summary = 'actor_class_counts' THEN
        PERFORM bulk_class_counts();
    END IF;
    DELETE FROM deferred_recounts WHERE summary = NEW.summary;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER deferred_recounts_run AFTER INSERT ON deferred_recounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION run_deferred_recount();

-- defer_recount marks summary to count at commit (once however often).
-- +goose StatementBegin
CREATE FUNCTION defer_recount(summary text) RETURNS void
    LANGUAGE sql
    BEGIN ATOMIC
        INSERT INTO deferred_recounts VALUES (summary) ON CONFLICT DO NOTHING;
    END;
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
        PERFORM defer_recount('actor_class_counts');
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

-- +goose Down
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

DROP FUNCTION defer_recount(text);
DROP TABLE deferred_recounts;
DROP FUNCTION run_deferred_recount();
DROP FUNCTION bulk_class_counts();
DROP FUNCTION actor_class_counts_rows();
