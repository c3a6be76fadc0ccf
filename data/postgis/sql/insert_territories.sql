-- Insert (with conflict_territories.sql: or update) territories by (level, code). Empty codes become NULL,
-- density class 0 (unknown) too. Unchanged rows are not rewritten, so a
-- re-import of the same file leaves the table (and its triggers) alone.
INSERT INTO territories AS t (level, code, name, region, departement, epci, population, geom,
                              approximate, density_class, qpv_share, rural_revitalisation, natural_park)
SELECT s.level, s.code, s.name, nullif(s.region, ''), nullif(s.departement, ''), nullif(s.epci, ''),
       s.population, ST_GeomFromEWKB(s.geom), s.approximate, nullif(s.density_class, 0),
       s.qpv_share, s.rural_revitalisation, s.natural_park
  FROM stage_territories s
