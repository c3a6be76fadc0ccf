-- The columns of a geo.Territory, with its alliance history; Territory and
-- Children add their WHERE and ORDER BY. NULL parent codes and density
-- class come back as the zero values geo.Territory uses.
SELECT t.level, t.code, t.name,
       coalesce(t.region, ''), coalesce(t.departement, ''), coalesce(t.epci, ''),
       t.population, ST_AsBinary(t.geom), t.approximate,
       coalesce(t.density_class, 0), t.qpv_share, t.rural_revitalisation, t.natural_park,
       coalesce(ta.alliances_count, 0), coalesce(ta.alliances_first_year, 0)
  FROM territories t
  LEFT JOIN territory_alliances ta ON ta.level = t.level AND ta.code = t.code
