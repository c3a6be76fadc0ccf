-- Insert (with conflict_alliances.sql: or update) alliances by id. An empty territory level is left NULL
-- for the alliances_derive trigger to resolve from the bare code; the
-- trigger also places the alliance inside its territory. start_year 0
-- (unknown) is NULL.
INSERT INTO alliances AS t (id, name, territory_level, territory, stake, start_year, illustrative)
SELECT s.id, s.name, nullif(s.territory_level, ''), s.territory, s.stake, nullif(s.start_year, 0),
       s.illustrative
  FROM stage_alliances s
