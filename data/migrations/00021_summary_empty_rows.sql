-- +goose Up

-- The summaries' triggers drop the rows whose count fell to zero after
-- each statement ("DELETE FROM … WHERE n = 0"). The flow counts have had a
-- partial index of those rows since they exist (00009, 00010); the later
-- summaries had none, and each delete scanned the whole summary on every
-- write: 530 000 actor tallies, 220 000 end counts on a national database,
-- 130 ms of a one-partnership insert of 150. A partial index of the rows at
-- zero holds nothing between statements: each delete reads an empty index.
CREATE INDEX actor_cells_zero_idx ON actor_cells (cx) WHERE n = 0;
CREATE INDEX actor_tallies_zero_idx ON actor_tallies (actor) WHERE ends = 0;
CREATE INDEX partnership_end_counts_zero_idx ON partnership_end_counts (domain) WHERE n = 0;
CREATE INDEX actor_class_counts_zero_idx ON actor_class_counts (commune) WHERE actors = 0;
CREATE INDEX actor_commune_kinds_zero_idx ON actor_commune_kinds (commune) WHERE n = 0;

-- +goose Down
DROP INDEX actor_commune_kinds_zero_idx;
DROP INDEX actor_class_counts_zero_idx;
DROP INDEX partnership_end_counts_zero_idx;
DROP INDEX actor_tallies_zero_idx;
DROP INDEX actor_cells_zero_idx;
