-- Insert or update alliances by id. An empty territory level is left NULL
-- for the alliances_derive trigger to resolve from the bare code; the
-- trigger also places the alliance inside its territory. start_year 0
-- (unknown) is NULL.
INSERT INTO alliances AS t (id, name, territory_level, territory, stake, start_year, illustrative)
SELECT s.id, s.name, nullif(s.territory_level, ''), s.territory, s.stake, nullif(s.start_year, 0),
       s.illustrative
  FROM stage_alliances s
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, territory_level = excluded.territory_level,
    territory = excluded.territory, stake = excluded.stake, start_year = excluded.start_year,
    illustrative = excluded.illustrative
WHERE (t.name, t.territory_level, t.territory, t.stake, t.start_year, t.illustrative)
      IS DISTINCT FROM
      (excluded.name, excluded.territory_level, excluded.territory, excluded.stake,
       excluded.start_year, excluded.illustrative)
