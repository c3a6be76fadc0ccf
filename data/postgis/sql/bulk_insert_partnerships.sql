-- Write the staged partnerships into the empty table in one statement,
-- with what partnerships_derive derives row by row (partnership_ends,
-- migration 00013) computed by joining the staged rows to their actors
-- and communes as sets: hash joins over a million rows, where calling
-- partnership_ends per row (a nested loop of index lookups) took four
-- times as long. The columns follow partnership_ends one for one, and
-- TestBulkLoadEqualsRowLoad checks that both paths write the same rows. A
-- partnership naming a missing actor gets no ends, and its NULL scale
-- fails the statement, as the trigger would.
INSERT INTO partnerships (id, actor_a, actor_b, category, domain, start_date, end_date, stage,
                          scale, geom, a_commune, a_epci, a_departement, a_region,
                          b_commune, b_epci, b_departement, b_region,
                          a_kind, a_sector, a_country, b_kind, b_sector, b_country)
SELECT s.id, s.actor_a, s.actor_b, s.category, s.domain, s.start_date, s.end_date, s.stage,
       partner_scale(a.country, a.commune, ca.epci, ca.region, b.country, b.commune, cb.epci, cb.region),
       ST_MakeLine(a.geom, b.geom),
       a.commune, ca.epci, ca.departement, ca.region,
       b.commune, cb.epci, cb.departement, cb.region,
       a.kind, a.sector, a.country, b.kind, b.sector, b.country
  FROM stage_partnerships s
  LEFT JOIN actors a ON a.id = s.actor_a
  LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
  LEFT JOIN actors b ON b.id = s.actor_b
  LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
 ORDER BY s.id
