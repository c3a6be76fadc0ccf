-- Insert (with conflict_actors.sql: or update) actors by id, as staged
-- (actorRow gives the stored values). A changed commune, country or point
-- fires actors_rederive_partnerships, which re-derives the actor's links.
-- Rows go in as staged: by commune (actorsStage), which keeps each
-- commune's actors in a few heap blocks.
INSERT INTO actors AS t (id, name, kind, siren, rna, commune, country, geom, precision, employees,
                         employer, insertion, sector, reach, domains, active)
SELECT s.id, s.name, s.kind, s.siren, s.rna, s.commune, s.country, s.geom, s.precision, s.employees,
       s.employer, s.insertion, s.sector, s.reach, s.domains, s.active
  FROM stage_actors s
