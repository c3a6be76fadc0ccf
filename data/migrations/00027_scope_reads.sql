-- +goose Up

-- The observatory of a région or a département (its /api/stats and its
-- portrait) reads two summaries of migration 00015, and read both whole on
-- a national database: partnership_end_counts (219 000 rows) for the
-- groups with an end in the territory, a_departement = $1 OR
-- b_departement = $1, and actor_class_counts (229 000 rows) for its
-- communes. The first has no index on the ends' territories; the second
-- was joined to the communes through nullif(commune, ''), which no index
-- serves (observatory_kept_actors.sql now joins on the commune itself).
-- With these four indexes and that join, the Rhône's observatory
-- statement took 10 ms against 62–87 ms.
CREATE INDEX partnership_end_counts_a_departement_idx ON partnership_end_counts (a_departement);
CREATE INDEX partnership_end_counts_b_departement_idx ON partnership_end_counts (b_departement);
CREATE INDEX partnership_end_counts_a_region_idx ON partnership_end_counts (a_region);
CREATE INDEX partnership_end_counts_b_region_idx ON partnership_end_counts (b_region);

-- +goose Down
DROP INDEX partnership_end_counts_b_region_idx;
DROP INDEX partnership_end_counts_a_region_idx;
DROP INDEX partnership_end_counts_b_departement_idx;
DROP INDEX partnership_end_counts_a_departement_idx;
