-- Insert or update territories by (level, code). Empty codes become NULL,
-- density class 0 (unknown) too. Unchanged rows are not rewritten, so a
-- re-import of the same file leaves the table (and its triggers) alone.
INSERT INTO territories AS t (level, code, name, region, departement, epci, population, geom,
                              approximate, density_class, qpv_share, rural_revitalisation, natural_park)
SELECT s.level, s.code, s.name, nullif(s.region, ''), nullif(s.departement, ''), nullif(s.epci, ''),
       s.population, ST_GeomFromEWKB(s.geom), s.approximate, nullif(s.density_class, 0),
       s.qpv_share, s.rural_revitalisation, s.natural_park
  FROM stage_territories s
ON CONFLICT (level, code) DO UPDATE SET
    name = excluded.name, region = excluded.region, departement = excluded.departement,
    epci = excluded.epci, population = excluded.population, geom = excluded.geom,
    approximate = excluded.approximate, density_class = excluded.density_class,
    qpv_share = excluded.qpv_share, rural_revitalisation = excluded.rural_revitalisation,
    natural_park = excluded.natural_park
WHERE (t.name, t.region, t.departement, t.epci, t.population, t.geom, t.approximate,
       t.density_class, t.qpv_share, t.rural_revitalisation, t.natural_park)
      IS DISTINCT FROM
      (excluded.name, excluded.region, excluded.departement, excluded.epci, excluded.population,
       excluded.geom, excluded.approximate, excluded.density_class, excluded.qpv_share,
       excluded.rural_revitalisation, excluded.natural_park)
