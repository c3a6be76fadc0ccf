-- What an import of partnerships needs of every actor: its place for the
-- checks, and what a partnership's row takes from it (partnershipEnds).
SELECT a.id, a.kind, coalesce(a.sector, ''), a.country, coalesce(a.commune, ''), ST_X(a.geom), ST_Y(a.geom)
  FROM actors a
