-- Give the staged communes their areas, not approximate, then every EPCI, département and région
-- of which one of them is part the union of its communes' areas, when all of them are areas (one
-- still a point keeps its parent's geometry as it is): as dataset.ApplyContours does. ST_Union
-- is exact for contours whose neighbours share their borders vertex for vertex, as IGN's do;
-- what it leaves of lines or points where borders do not meet is dropped, and a union of several
-- parts is kept as a MultiPolygon. The territories' triggers then move the alliances anchored in
-- them and bump the data version.
WITH communes AS (
    UPDATE territories t
       SET geom = ST_Multi(ST_GeomFromEWKB(s.geom)), approximate = false
      FROM stage_contours s
     WHERE t.level = 'commune' AND t.code = s.code
 RETURNING t.epci, t.departement, t.region
), parents AS (
    SELECT DISTINCT level, code FROM communes,
           LATERAL (VALUES ('epci', epci), ('departement', departement), ('region', region)) p (level, code)
     WHERE code IS NOT NULL
), unions AS (
    -- The communes as they are once updated: the CTE's UPDATE is not seen by this statement's
    -- reads of territories, so the staged areas stand in for the old geometries.
    SELECT p.level, p.code,
           bool_and(GeometryType(coalesce(ST_GeomFromEWKB(s.geom), c.geom)) IN ('POLYGON', 'MULTIPOLYGON')) AS whole,
           ST_Multi(ST_CollectionExtract(ST_Union(coalesce(ST_GeomFromEWKB(s.geom), c.geom)), 3)) AS geom
      FROM parents p
      JOIN territories c ON c.level = 'commune'
       AND p.code = CASE p.level WHEN 'epci' THEN c.epci WHEN 'departement' THEN c.departement ELSE c.region END
      LEFT JOIN stage_contours s ON s.code = c.code
     GROUP BY p.level, p.code
)
UPDATE territories t
   SET geom = u.geom, approximate = false
  FROM unions u
 WHERE u.whole AND NOT ST_IsEmpty(u.geom) AND t.level = u.level AND t.code = u.code
