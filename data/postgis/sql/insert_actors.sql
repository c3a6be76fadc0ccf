-- Insert (with conflict_actors.sql: or update) actors by id. Empty optional values become NULL and an
-- empty country means France. A changed commune, country or point fires
-- actors_rederive_partnerships, which re-derives the actor's links. Rows go
-- in as staged: by commune (actorsStage), which keeps each commune's actors
-- in a few heap blocks.
INSERT INTO actors AS t (id, name, kind, siren, rna, commune, country, geom, precision, employees,
                         employer, insertion, sector, reach, domains, active)
SELECT s.id, s.name, s.kind, nullif(s.siren, ''), nullif(s.rna, ''), nullif(s.commune, ''),
       coalesce(nullif(s.country, ''), 'FR'), ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326),
       s.precision, s.employees, s.employer, s.insertion, nullif(s.sector, ''), nullif(s.reach, ''),
       s.domains, coalesce(s.active, true)
  FROM stage_actors s
