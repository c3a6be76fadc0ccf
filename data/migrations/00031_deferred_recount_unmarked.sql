-- +goose Up

-- A bulk load that counts actor_class_counts itself (from the rows it has
-- just copied) unmarks the recount a bulk write marked (deferred_recounts,
-- migration 00030) by deleting its row; the trigger queued when the row
-- was inserted still fires at commit, and now counts only a summary still
-- marked. A mark deleted and made again queues two events: the first
-- counts and unmarks, the second finds no mark.

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

-- +goose Down
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
