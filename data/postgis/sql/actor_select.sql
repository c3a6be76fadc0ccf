-- The columns of a geo.Actor; Actor and Observatory add their WHERE. The
-- commune (alias c) is joined for filters on its parent codes. NULL
-- optional values come back empty.
SELECT a.id, a.name, a.kind, coalesce(a.siren, ''), coalesce(a.rna, ''),
       coalesce(a.commune, ''), a.country, ST_X(a.geom), ST_Y(a.geom), a.precision,
       a.employees, a.employer, a.insertion, coalesce(a.sector, ''), coalesce(a.reach, ''),
       a.domains, a.active
  FROM actors a
  LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune
