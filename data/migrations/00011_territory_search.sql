-- +goose Up

-- territory_search_key is geo.SearchKey in SQL, for the territory search
-- (Store.SearchTerritories): ligatures spelled out, combining marks
-- dropped, the letters of geo.SearchFoldTable folded to lower-case ASCII
-- (upper case included, so the result does not hang on the database's
-- locale as lower() would), then every run of other characters one space,
-- none at either end. TestSearchKeyMatchesGeo holds the literals to geo's
-- table and the contract suite the results to the embedded store's.
CREATE FUNCTION territory_search_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN btrim(regexp_replace(
        translate(
            regexp_replace(
                replace(replace(replace(replace(name, 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'),
                '[\u0300-\u036f]+', '', 'g'),
            'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿŸ',
            'abcdefghijklmnopqrstuvwxyzaaaaaaceeeeiiiinoooooouuuuyaaaaaaceeeeiiiinoooooouuuuyyy'),
        '[^a-z0-9]+', ' ', 'g'));

-- Each territory's key, kept beside its name: folding 35 000 names with
-- regular expressions on every search took 700 ms, reading them 10 ms.
-- No index: the search looks for words anywhere in the name (LIKE '% x%'),
-- which a B-tree cannot answer, and a scan of one table this size is fast.
ALTER TABLE territories
    ADD COLUMN search_key text COLLATE "C" NOT NULL GENERATED ALWAYS AS (territory_search_key(name)) STORED;

-- +goose Down
ALTER TABLE territories DROP COLUMN search_key;
DROP FUNCTION territory_search_key(text);
