-- +goose Up

-- Three filter indexes of 00008 and 00023 now hold only the rows of the
-- values that are rare by what they mean: actors abroad (country other than
-- FR: Maillage describes French territories, foreign partners are their
-- exception), closed actors (kept for their history, never the bulk of a
-- territory) and insertion structures (a few thousand in France). A keyset
-- page for a rare value is still one seek in its index: PostgreSQL proves
-- that "country = 'DE'" implies "country <> 'FR'" when it plans the page,
-- which runs unnamed, planned for its values (data/postgis/config.go). A
-- page for the common value (data/postgis commonValues) walks the primary
-- key from the cursor and drops the rare rows it meets: at most as many as
-- there are rare rows, wherever they sit in id order (8 000 foreign
-- actors, 12 000 insertion structures, no inactive one, on national data).
--
-- Why: a bulk load builds every index again once its rows are in, and each
-- full (col, id) index of 1.85 M actors took 1.3–2.2 s of a national load
-- (sorting 1.85 M tuples); each of these takes 0.2–0.3 s (a scan, and a
-- sort of a few thousand). Writes have less to maintain too.
--
-- Not made partial: the indexes whose common value depends on the data
-- (kind: ids come in blocks by registry, so that associations are rare
-- after a cursor in the companies' block; precision, reach, employer,
-- sector) and the partnerships' (no value dominates).
DROP INDEX actors_country_idx;
CREATE INDEX actors_country_idx ON actors (country, id) WHERE country <> 'FR';
DROP INDEX actors_active_idx;
CREATE INDEX actors_active_idx ON actors (active, id) WHERE NOT active;
DROP INDEX actors_insertion_idx;
CREATE INDEX actors_insertion_idx ON actors (insertion, id) WHERE insertion;

-- +goose Down
DROP INDEX actors_insertion_idx;
CREATE INDEX actors_insertion_idx ON actors (insertion, id);
DROP INDEX actors_active_idx;
CREATE INDEX actors_active_idx ON actors (active, id);
DROP INDEX actors_country_idx;
CREATE INDEX actors_country_idx ON actors (country, id);
