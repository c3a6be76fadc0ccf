-- +goose Up

-- A bulk load that counts actor_class_counts itself (from the rows it has
-- just copied) unmarks the recount a bulk write marked (deferred_recounts,
-- migration 00030): undefer_recount deletes its row. The trigger queued
-- when the row was inserted still fires at commit, and now counts only a
-- summary still marked. A mark deleted and made again queues two events:
-- the first counts and unmarks, the second finds no mark.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION run_deferred_recount() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM deferred_recounts WHERE summary = NEW.summary) THEN
        RETURN NULL;
    END IF;
    IF NEW.summary = 'actor_class_counts' THEN
        PERFORM bulk_class_counts();
    END IF;
    DELETE FROM deferred_recounts WHERE summary = NEW.summary;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- undefer_recount unmarks summary, counted by its caller.
-- +goose StatementBegin
CREATE FUNCTION undefer_recount(summary text) RETURNS void
    LANGUAGE sql
    BEGIN ATOMIC
        DELETE FROM deferred_recounts d WHERE d.summary = undefer_recount.summary;
    END;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION undefer_recount(text);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION run_deferred_recount() RETURNS trigger
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
