-- What makes insert_territories.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
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
