-- The row of geo.ObservatoryCounts, read from the CTEs pair_counts (the
-- partnerships with an end in scope by domain, scale and the sector of
-- each company end in scope) and actor_counts (the associations and
-- companies in scope, in total and per association group) that
-- the observatory_*.sql parts define before it (observatory_sql.go).
SELECT (SELECT coalesce(sum(n), 0)::bigint FROM pair_counts) AS partnerships,
       c.associations, c.associations_partnering,
       c.employer_associations, c.employer_associations_partnering,
       c.insertion_associations, c.insertion_associations_partnering,
       (SELECT coalesce(jsonb_object_agg(g.grp, jsonb_build_array(g.associations, g.associations_partnering)), '{}')
          FROM actor_counts g
         WHERE NOT g.total AND g.grp IS NOT NULL) AS association_groups,
       c.association_ends,
       jsonb_strip_nulls(jsonb_build_object(
           'mecenat', nullif(c.association_mecenat, 0),
           'pratiques_responsables', nullif(c.association_pratiques_responsables, 0),
           'cooperation_economique', nullif(c.association_cooperation_economique, 0),
           'innovation_societale', nullif(c.association_innovation_societale, 0))) AS association_categories,
       c.companies, c.companies_partnering, c.companies10, c.companies10_partnering,
       c.companies1000, c.companies1000_partnering, c.company_ends,
       c.company_insertion, c.company_local, c.company_regional, c.company_collectivite,
       (SELECT coalesce(jsonb_object_agg(sector, scales), '{}')
          FROM (SELECT sector, jsonb_object_agg(scale, n) AS scales
                  FROM (SELECT e.sector, x.scale, sum(x.n) AS n
                          FROM pair_counts x
                         CROSS JOIN LATERAL (VALUES (x.a_company), (x.b_company)) e (sector)
                         WHERE e.sector IS NOT NULL
                         GROUP BY 1, 2) y
                 GROUP BY sector) z) AS company_scales,
       (SELECT coalesce(jsonb_object_agg(domain, n), '{}')
          FROM (SELECT domain, sum(n) AS n
                  FROM pair_counts
                 WHERE a_company IS NOT NULL OR b_company IS NOT NULL
                 GROUP BY domain) x) AS company_domains
  FROM actor_counts c
 WHERE c.total
