-- +goose Up

-- Every change of the data version (migration 00012: bumped by the data
-- tables' statement triggers, by roll_summaries, or by anyone updating the
-- row) notifies the channel maillage_version when its transaction commits.
-- A server process listens on it (postgis/version_watch.go) and so knows
-- the current version without reading it for every request, while each
-- process still learns of every change from the database alone, never from
-- another process. The payload is empty so that the notifications of one
-- transaction, one per statement, collapse into one (PostgreSQL drops a
-- duplicate of a notification already queued by the transaction).
-- +goose StatementBegin
CREATE FUNCTION notify_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('maillage_version', '');
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER notify_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON data_version
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_version();

-- +goose Down
DROP TRIGGER notify_data_version ON data_version;
DROP FUNCTION notify_data_version();
