-- +goose Up

-- api_tokens are the bearer tokens of the HTTP writes. Only a SHA-256 of
-- each secret is kept (the secret is printed once, by `maillage token
-- create`); a revoked token keeps its row, so that the history still
-- names it. scope lists the territories an editor may write in, as
-- level:code ('region:84', 'departement:69', 'epci:200046977',
-- 'commune:69123'); an admin's scope is empty and unbounded.
CREATE TABLE api_tokens (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (name <> ''),
    role       text NOT NULL CHECK (role IN ('editor', 'admin')),
    scope      text[] NOT NULL DEFAULT '{}'
        CHECK (role = 'admin' OR cardinality(scope) > 0),
    secret_sha256 bytea NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- history records every change of the features a user sees (actors,
-- partnerships, alliances and their members), in the transaction of the
-- change: no row without its change, no change without its row. The
-- triggers below write it, so that imports, HTTP writes and an analyst's
-- UPDATE in psql are all recorded, by whoever made them:
--   - author is the token's name for an HTTP write (the transaction sets
--     maillage.author and maillage.token_id), the importing command for an
--     import (maillage.author), else the database role;
--   - operation is insert, update or delete, as the statement did it;
--   - before and after are the row as JSON (its geometry as GeoJSON), NULL
--     on the side that does not exist; an update that changes nothing (a
--     re-derivation to the same values) writes no row.
-- A bulk load of an empty table (data/postgis/bulk.go) writes one row of
-- operation 'load' with the number of rows instead of one per row.
CREATE TABLE history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    author     text NOT NULL,
    token_id   bigint REFERENCES api_tokens (id),
    collection text NOT NULL,
    feature_id text,
    operation  text NOT NULL CHECK (operation IN ('insert', 'update', 'delete', 'load')),
    before     jsonb,
    after      jsonb,
    CHECK ((operation = 'load') = (feature_id IS NULL))
);

CREATE INDEX history_feature_idx ON history (collection, feature_id, id);
CREATE INDEX history_at_idx ON history (at, id);

-- history_row is a row of a feature table as history keeps it: its
-- columns, the geometry as GeoJSON.
CREATE FUNCTION history_row(r jsonb, geom geometry) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN r IS NULL THEN NULL
                ELSE (r - 'geom') || CASE WHEN geom IS NULL THEN '{}'::jsonb
                                          ELSE jsonb_build_object('geometry', ST_AsGeoJSON(geom, 7)::jsonb) END
           END;

-- history_author is who makes the current transaction's changes.
CREATE FUNCTION history_author() RETURNS text
    LANGUAGE sql STABLE
    RETURN coalesce(nullif(current_setting('maillage.author', true), ''), session_user);

CREATE FUNCTION history_token() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN nullif(current_setting('maillage.token_id', true), '')::bigint;

-- record_history writes the statement's changed rows (transition tables)
-- into history; TG_ARGV[0] is the collection, TG_ARGV[1] the expression
-- of a row's feature id over the transition row r.
-- +goose StatementBegin
CREATE FUNCTION record_history() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    id_of text := TG_ARGV[1];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('INSERT INTO history (author, token_id, collection, feature_id, operation, after)
                        SELECT history_author(), history_token(), %L, %s, ''insert'', history_row(to_jsonb(r), %s)
                          FROM new_rows r', TG_ARGV[0], id_of, TG_ARGV[2]);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO history (author, token_id, collection, feature_id, operation, before)
                        SELECT history_author(), history_token(), %L, %s, ''delete'', history_row(to_jsonb(r), %s)
                          FROM old_rows r', TG_ARGV[0], id_of, TG_ARGV[2]);
    ELSE
        -- Rows keep their key (the writes never change it); a row whose
        -- key changed shows as the delete of the old and the insert of the new.
        EXECUTE format('INSERT INTO history (author, token_id, collection, feature_id, operation, before, after)
                        SELECT history_author(), history_token(), %1$L, coalesce(n.id, o.id),
                               CASE WHEN o.id IS NULL THEN ''insert'' WHEN n.id IS NULL THEN ''delete'' ELSE ''update'' END,
                               o.doc, n.doc
                          FROM (SELECT %2$s AS id, history_row(to_jsonb(r), %3$s) AS doc FROM old_rows r) o
                          FULL JOIN (SELECT %2$s AS id, history_row(to_jsonb(r), %3$s) AS doc FROM new_rows r) n ON n.id = o.id
                         WHERE o.doc IS DISTINCT FROM n.doc', TG_ARGV[0], id_of, TG_ARGV[2]);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- One trigger per table and operation (transition tables allow one
-- event each). A member's change is recorded under collection
-- 'alliance_members' with feature id 'alliance:actor': the history of an
-- alliance's feature is its own rows and those of its members.
-- +goose StatementBegin
DO $$
DECLARE
    t record;
    op text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('actors', 'actors', 'r.id::text', 'r.geom'),
        ('partnerships', 'partnerships', 'r.id::text', 'r.geom'),
        ('alliances', 'alliances', 'r.id::text', 'r.geom'),
        ('alliance_members', 'alliance_members', 'r.alliance::text || '':'' || r.actor::text', 'NULL::geometry')
    ) AS v (tbl, collection, id_of, geom_of) LOOP
        FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT '
                           'EXECUTE FUNCTION record_history(%L, %L, %L)',
                           t.tbl || '_history_' || op, upper(op), t.tbl,
                           CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows'
                                   WHEN 'delete' THEN 'OLD TABLE AS old_rows'
                                   ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
                           t.collection, t.id_of, t.geom_of);
        END LOOP;
    END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE
    t text;
    op text;
BEGIN
    FOREACH t IN ARRAY ARRAY['actors', 'partnerships', 'alliances', 'alliance_members'] LOOP
        FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE format('DROP TRIGGER %I ON %I', t || '_history_' || op, t);
        END LOOP;
    END LOOP;
END
$$;
-- +goose StatementEnd
DROP FUNCTION record_history();
DROP FUNCTION history_token();
DROP FUNCTION history_author();
DROP FUNCTION history_row(jsonb, geometry);
DROP TABLE history;
DROP TABLE api_tokens;
