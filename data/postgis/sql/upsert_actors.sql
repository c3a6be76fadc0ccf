-- Insert or update actors by id. Empty optional values become NULL and an
-- empty country means France. A changed commune, country or point fires
-- actors_rederive_partnerships, which re-derives the actor's links.
INSERT INTO actors AS t (id, name, kind, siren, rna, commune, country, geom, precision, employees,
                         employer, insertion, sector, reach, domains)
SELECT s.id, s.name, s.kind, nullif(s.siren, ''), nullif(s.rna, ''), nullif(s.commune, ''),
       coalesce(nullif(s.country, ''), 'FR'), ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326),
       s.precision, s.employees, s.employer, s.insertion, nullif(s.sector, ''), nullif(s.reach, ''),
       s.domains
  FROM stage_actors s
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, kind = excluded.kind, siren = excluded.siren, rna = excluded.rna,
    commune = excluded.commune, country = excluded.country, geom = excluded.geom,
    precision = excluded.precision, employees = excluded.employees, employer = excluded.employer,
    insertion = excluded.insertion, sector = excluded.sector, reach = excluded.reach,
    domains = excluded.domains
WHERE (t.name, t.kind, t.siren, t.rna, t.commune, t.country, t.geom, t.precision, t.employees,
       t.employer, t.insertion, t.sector, t.reach, t.domains)
      IS DISTINCT FROM
      (excluded.name, excluded.kind, excluded.siren, excluded.rna, excluded.commune,
       excluded.country, excluded.geom, excluded.precision, excluded.employees, excluded.employer,
       excluded.insertion, excluded.sector, excluded.reach, excluded.domains)
