-- The columns of territory_select.sql but the geometry (NULL: scanTerritory
-- leaves it nil), for TerritoryProfiles: a level's tens of thousands of
-- contours are what a full read would spend its time on.
SELECT t.level, t.code, t.name,
       coalesce(t.region, ''), coalesce(t.departement, ''), coalesce(t.epci, ''),
       t.population, NULL::bytea, t.approximate,
       coalesce(t.density_class, 0), t.qpv_share, t.rural_revitalisation, t.natural_park,
       coalesce(ta.alliances_count, 0), coalesce(ta.alliances_first_year, 0)
  FROM territories t
  LEFT JOIN territory_alliances ta ON ta.level = t.level AND ta.code = t.code
 WHERE t.level = $1
 ORDER BY t.code COLLATE "C"
