-- What makes insert_actors.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, kind = excluded.kind, siren = excluded.siren, rna = excluded.rna,
    commune = excluded.commune, country = excluded.country, geom = excluded.geom,
    precision = excluded.precision, employees = excluded.employees, employer = excluded.employer,
    insertion = excluded.insertion, sector = excluded.sector, reach = excluded.reach,
    domains = excluded.domains, active = excluded.active
WHERE (t.name, t.kind, t.siren, t.rna, t.commune, t.country, t.geom, t.precision, t.employees,
       t.employer, t.insertion, t.sector, t.reach, t.domains, t.active)
      IS DISTINCT FROM
      (excluded.name, excluded.kind, excluded.siren, excluded.rna, excluded.commune,
       excluded.country, excluded.geom, excluded.precision, excluded.employees, excluded.employer,
       excluded.insertion, excluded.sector, excluded.reach, excluded.domains, excluded.active)
