-- The columns of a geo.Actor; Actor and MatchCandidates add their WHERE.
-- The commune (alias c) is joined for filters on its parent codes. NULL
-- optional values come back empty. The domains come as one comma-separated
-- text (codes without commas, as the column's CHECK says): pgx decoding
-- text[] took 40–50 ms of the Rhône's 22 587 candidates, the whole read
-- 103–118 ms against 40 ms.
SELECT a.id, a.name, a.kind, coalesce(a.siren, ''), coalesce(a.rna, ''),
       coalesce(a.commune, ''), a.country, ST_X(a.geom), ST_Y(a.geom), a.precision,
       a.employees, a.employer, a.insertion, coalesce(a.sector, ''), coalesce(a.reach, ''),
       array_to_string(a.domains, ','), a.active
  FROM actors a
  LEFT JOIN territories c ON c.level = 'commune' AND c.code = a.commune
