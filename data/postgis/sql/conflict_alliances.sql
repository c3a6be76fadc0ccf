-- What makes insert_alliances.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, territory_level = excluded.territory_level,
    territory = excluded.territory, stake = excluded.stake, start_year = excluded.start_year,
    illustrative = excluded.illustrative
WHERE (t.name, t.territory_level, t.territory, t.stake, t.start_year, t.illustrative)
      IS DISTINCT FROM
      (excluded.name, excluded.territory_level, excluded.territory, excluded.stake,
       excluded.start_year, excluded.illustrative)
