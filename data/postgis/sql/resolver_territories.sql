-- What an import's resolver needs of every territory: level, code, parent
-- codes and a point inside it (ST_PointOnSurface, the point geo.InteriorPoint
-- computes). Where a région and a département share a code, the département
-- comes last, so a code-keyed index keeps it (see territory_level_rank).
SELECT t.level, t.code, coalesce(t.region, ''), coalesce(t.departement, ''), coalesce(t.epci, ''),
       ST_X(p.point), ST_Y(p.point)
  FROM territories t
 CROSS JOIN LATERAL (SELECT ST_PointOnSurface(t.geom) AS point) p
 ORDER BY territory_level_rank(t.level) DESC, t.code
