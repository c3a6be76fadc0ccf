-- Insert (with conflict_actors.sql: or update) actors by id. Empty optional values become NULL and an
-- empty country means France. A changed commune, country or point fires
-- actors_rederive_partnerships, which re-derives the actor's links. Rows go
-- in by commune: a national load then keeps each commune's actors in a few
-- heap blocks, and a map tile, a bbox page or a cell count over a town
-- reads those blocks instead of one per actor (5 710 actors of a Lyon tile:
-- 184 buffers instead of 5 461, 4 ms instead of 24).
INSERT INTO actors AS t (id, name, kind, siren, rna, commune, country, geom, precision, employees,
                         employer, insertion, sector, reach, domains)
SELECT s.id, s.name, s.kind, nullif(s.siren, ''), nullif(s.rna, ''), nullif(s.commune, ''),
       coalesce(nullif(s.country, ''), 'FR'), ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326),
       s.precision, s.employees, s.employer, s.insertion, nullif(s.sector, ''), nullif(s.reach, ''),
       s.domains
  FROM stage_actors s
 ORDER BY s.commune, s.id
