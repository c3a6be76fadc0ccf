-- +goose Up
-- Each partnership's stage in the life cycle partnership facilitators
-- accompany it through (geo.Stage): its creation, its steering, its
-- evaluation. NULL while unknown, as in files without the column. Adding a
-- nullable column without a default rewrites nothing; the index serves the
-- stage queryable (?stage=pilotage), as the other columns' do (00008).
ALTER TABLE partnerships
    ADD COLUMN stage text CHECK (stage IN ('creation', 'pilotage', 'evaluation'));
CREATE INDEX partnerships_stage_idx ON partnerships (stage, id);

-- +goose Down
DROP INDEX partnerships_stage_idx;
ALTER TABLE partnerships DROP COLUMN stage;
