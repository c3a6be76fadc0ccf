-- +goose Up

-- data_version is the version of the data as a whole, in its single row:
-- the database bumps it itself, in the same transaction as any change of
-- rows, whoever makes the change (an import, a load, an HTTP write, an
-- analyst editing a table from QGIS or psql). Every ETag and every cached
-- analysis is keyed by it, so a process that reads it (one indexed row)
-- knows whether what it kept is still true, without talking to any other
-- process.
--
-- The bump is a statement-level BEFORE trigger on each data table (the
-- summary tables change only through those tables' own triggers). Before,
-- not after: the statement takes the version row's lock before any row
-- lock of its own, so two writers queue on the version instead of each
-- holding rows the other waits for (an AFTER trigger would deadlock two
-- transactions that update the same rows in another order). Writers are
-- serialised from their first change to their commit; readers never wait.
-- A statement that changes no row still bumps: a spurious miss of the
-- caches, never a stale answer.
CREATE TABLE data_version (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version    bigint NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO data_version DEFAULT VALUES;

-- +goose StatementBegin
CREATE FUNCTION bump_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1, changed_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['territories', 'indicators', 'indicator_values', 'actors', 'partnerships',
                             'alliances', 'alliance_members', 'dataset_info'] LOOP
        EXECUTE format('CREATE TRIGGER bump_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['territories', 'indicators', 'indicator_values', 'actors', 'partnerships',
                             'alliances', 'alliance_members', 'dataset_info'] LOOP
        EXECUTE format('DROP TRIGGER bump_data_version ON %I', t);
    END LOOP;
END
$$;
-- +goose StatementEnd
DROP FUNCTION bump_data_version();
DROP TABLE data_version;
