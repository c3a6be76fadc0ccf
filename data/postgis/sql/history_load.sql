-- The one history row of a bulk load of $2 rows into the empty table $1
-- (bulk.go): who loaded it and how many rows, instead of one row per
-- feature.
INSERT INTO history (author, token_id, collection, operation, after)
VALUES (history_author(), history_token(), $1::text, 'load', jsonb_build_object('rows', $2::bigint))
