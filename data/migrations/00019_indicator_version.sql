-- +goose Up

-- data_version.indicators counts the changes of what indicator values and
-- their roll-ups derive from (territories, indicators, indicator_values),
-- bumped in the same statement as version by the same trigger. Indicator
-- values kept by a process under it stay valid when actors, partnerships
-- or alliances change (the writes users make every day), where keeping
-- them under version alone threw them away with every such write.
ALTER TABLE data_version ADD COLUMN indicators bigint NOT NULL DEFAULT 1;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version
       SET version = version + 1, changed_at = now(),
           indicators = indicators + (TG_TABLE_NAME IN ('territories', 'indicators', 'indicator_values'))::int;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1, changed_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd
ALTER TABLE data_version DROP COLUMN indicators;
