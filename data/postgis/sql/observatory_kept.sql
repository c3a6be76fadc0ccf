-- pair_counts and actor_counts (see observatory_counts.sql) for France, a
-- région or a département, from the summaries of migration 00015 instead
-- of the rows: observatoryPlan fills in the scope ({{a_in}}, {{b_in}}: an
-- end of a partnership_end_counts row in scope; {{class_in}}: an
-- actor_class_counts row, aliased s, joined to its commune ac, in scope),
-- reading the territory's code as $1.
WITH pair_counts AS (
    SELECT domain, scale,
           CASE WHEN ({{a_in}}) AND a_company THEN a_sector END AS a_company,
           CASE WHEN ({{b_in}}) AND b_company THEN b_sector END AS b_company,
           sum(n) AS n
      FROM partnership_end_counts
     WHERE ({{a_in}}) OR ({{b_in}})
     GROUP BY 1, 2, 3, 4
),
actor_counts AS (
    SELECT grouping(nullif(s.grp, '')) = 1 AS total, nullif(s.grp, '') AS grp,
           coalesce(sum(s.actors) FILTER (WHERE s.association), 0)::bigint AS associations,
           coalesce(sum(s.partnering) FILTER (WHERE s.association), 0)::bigint AS associations_partnering,
           coalesce(sum(s.actors) FILTER (WHERE s.association AND s.employer), 0)::bigint AS employer_associations,
           coalesce(sum(s.partnering) FILTER (WHERE s.association AND s.employer), 0)::bigint AS employer_associations_partnering,
           coalesce(sum(s.actors) FILTER (WHERE s.association AND s.insertion), 0)::bigint AS insertion_associations,
           coalesce(sum(s.partnering) FILTER (WHERE s.association AND s.insertion), 0)::bigint AS insertion_associations_partnering,
           coalesce(sum(s.ends) FILTER (WHERE s.association), 0)::bigint AS association_ends,
           coalesce(sum(s.mecenat) FILTER (WHERE s.association), 0)::bigint AS association_mecenat,
           coalesce(sum(s.pratiques_responsables) FILTER (WHERE s.association), 0)::bigint AS association_pratiques_responsables,
           coalesce(sum(s.cooperation_economique) FILTER (WHERE s.association), 0)::bigint AS association_cooperation_economique,
           coalesce(sum(s.innovation_societale) FILTER (WHERE s.association), 0)::bigint AS association_innovation_societale,
           coalesce(sum(s.actors) FILTER (WHERE NOT s.association), 0)::bigint AS companies,
           coalesce(sum(s.partnering) FILTER (WHERE NOT s.association), 0)::bigint AS companies_partnering,
           coalesce(sum(s.actors) FILTER (WHERE NOT s.association AND s.employees10), 0)::bigint AS companies10,
           coalesce(sum(s.partnering) FILTER (WHERE NOT s.association AND s.employees10), 0)::bigint AS companies10_partnering,
           coalesce(sum(s.actors) FILTER (WHERE NOT s.association AND s.employees1000), 0)::bigint AS companies1000,
           coalesce(sum(s.partnering) FILTER (WHERE NOT s.association AND s.employees1000), 0)::bigint AS companies1000_partnering,
           coalesce(sum(s.ends) FILTER (WHERE NOT s.association), 0)::bigint AS company_ends,
           coalesce(sum(s.insertion_emploi) FILTER (WHERE NOT s.association), 0)::bigint AS company_insertion,
           coalesce(sum(s.local) FILTER (WHERE NOT s.association), 0)::bigint AS company_local,
           coalesce(sum(s.regional) FILTER (WHERE NOT s.association), 0)::bigint AS company_regional,
           coalesce(sum(s.collectivite) FILTER (WHERE NOT s.association), 0)::bigint AS company_collectivite
      FROM actor_class_counts s
      LEFT JOIN territories ac ON ac.level = 'commune' AND ac.code = nullif(s.commune, '')
     WHERE {{class_in}}
     GROUP BY GROUPING SETS ((), (nullif(s.grp, '')))
)
