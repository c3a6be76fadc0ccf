-- +goose Up
-- The partnerships' summaries (partnership_flow_counts,
-- territory_partnership_counts, actor_tallies and, through it,
-- actor_class_counts' partnering, partnership_end_counts) count the
-- partnerships counted on one day, data_version.summary_day: started by
-- that day and not ended before it (counted_on). Analyses count the
-- partnerships active today unless asked for another time, and "today"
-- moves: roll_summaries moves the summaries to another day by applying,
-- through the same delta statements as the triggers, only the partnerships
-- that started or ended in between (a day's worth, found by the start and
-- end indexes), and bumps the data version so that no cache keeps the
-- previous day's answers. The store rolls to the current UTC date when it
-- finds the day behind (postgis/summary_day.go); a NULL day counts every
-- partnership on record, as the summaries did before.
ALTER TABLE data_version ADD COLUMN summary_day date;
CREATE INDEX partnerships_end_idx ON partnerships (end_date);

-- counted_on reports whether a partnership from start_date to end_date
-- (both included, a NULL end: still running) is counted on day: every one
-- is when day is NULL.
CREATE FUNCTION counted_on(start_date date, end_date date, day date) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN day IS NULL OR (start_date <= day AND (end_date IS NULL OR end_date >= day));

-- summary_rows is a FROM item of partnership rows (a table or a
-- transition table) keeping those counted on the summaries' day.
CREATE FUNCTION summary_rows(from_item text) RETURNS text
    LANGUAGE sql STABLE
    RETURN format('%s WHERE counted_on(start_date, end_date, %L::date)', from_item,
                  (SELECT summary_day FROM data_version));

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_flow_counts_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'category, domain, scale, a_epci, a_departement, a_region, b_epci, b_departement, b_region';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE partnership_flow_counts_sql(format('SELECT %s, 1 AS d FROM %s', cols, summary_rows('new_rows')));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE partnership_flow_counts_sql(format('SELECT %s, -1 AS d FROM %s', cols, summary_rows('old_rows')));
    ELSE
        EXECUTE partnership_flow_counts_sql(format('SELECT %1$s, 1 AS d FROM %2$s UNION ALL SELECT %1$s, -1 AS d FROM %3$s',
                                                   cols, summary_rows('new_rows'), summary_rows('old_rows')));
    END IF;
    DELETE FROM partnership_flow_counts WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION territory_partnership_counts_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'domain, a_commune, a_epci, a_departement, a_region, b_commune, b_epci, b_departement, b_region';
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE territory_partnership_counts_sql(format('SELECT %s, 1 AS d FROM %s', cols, summary_rows('new_rows')));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE territory_partnership_counts_sql(format('SELECT %s, -1 AS d FROM %s', cols, summary_rows('old_rows')));
    ELSE
        EXECUTE territory_partnership_counts_sql(format('SELECT %1$s, 1 AS d FROM %2$s UNION ALL SELECT %1$s, -1 AS d FROM %3$s',
                                                        cols, summary_rows('new_rows'), summary_rows('old_rows')));
    END IF;
    DELETE FROM territory_partnership_counts WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_observatory_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'actor_a, actor_b, a_kind, b_kind, a_sector, b_sector, a_country, b_country, '
                          'a_region, a_departement, b_region, b_departement, category, domain, scale';
    delta text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        delta := format('SELECT %s, 1 AS d FROM %s', cols, summary_rows('new_rows'));
    ELSIF TG_OP = 'DELETE' THEN
        delta := format('SELECT %s, -1 AS d FROM %s', cols, summary_rows('old_rows'));
    ELSE
        delta := format('SELECT %1$s, 1 AS d FROM %2$s UNION ALL SELECT %1$s, -1 AS d FROM %3$s',
                        cols, summary_rows('new_rows'), summary_rows('old_rows'));
    END IF;
    EXECUTE actor_tallies_sql(delta);
    DELETE FROM actor_tallies WHERE ends = 0;
    EXECUTE partnership_end_counts_sql(delta);
    DELETE FROM partnership_end_counts WHERE n = 0;
    RETURN NULL;
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
$$;
-- +goose StatementEnd

-- roll_summaries moves the summaries to day (NULL: every partnership on
-- record) and reports whether they moved. Only the partnerships counted on
-- one of the two days and not the other change them: those that started
-- after the earlier day and by the later one, or ended on the earlier day
-- or after it and before the later one; each adds 1 if counted on the new
-- day, -1 if on the old one. From or to a NULL day, every partnership may
-- change: a scan of the table, once. The version row is locked first, as
-- every writer locks it, so a roll waits for a write in progress (the
-- store gives up after a moment and rolls later) and a write waits for a
-- roll.
-- +goose StatementBegin
CREATE FUNCTION roll_summaries(day date) RETURNS boolean
    LANGUAGE plpgsql AS $$
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
$$;
-- +goose StatementEnd

SELECT roll_summaries((now() AT TIME ZONE 'UTC')::date);

-- +goose Down
SELECT roll_summaries(NULL);
DROP FUNCTION roll_summaries(date);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_flow_counts_maintain()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$

;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION territory_partnership_counts_maintain()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$

;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_observatory_maintain()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$

;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bulk_summaries(tbl text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
$function$

;
-- +goose StatementEnd

DROP FUNCTION summary_rows(text);
DROP FUNCTION counted_on(date, date, date);
DROP INDEX partnerships_end_idx;
ALTER TABLE data_version DROP COLUMN summary_day;
