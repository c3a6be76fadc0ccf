-- actor_counts from actor_class_counts (migration 00015) instead of the
-- rows: {{class_in}} puts a row, aliased s, joined to its commune ac, in
-- scope, reading the territory's code as $1. Every scope can read it: a
-- class row is per commune, and an actor's tallies count all its
-- partnerships, as the rows' tallies of an actor in scope do.
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
      -- On the commune itself, not nullif(s.commune, ''), so that the
      -- rows of a région's or a département's communes are found through
      -- the summary's key: no territory has an empty code (00002), so
      -- abroad ('') joins nothing either way.
      LEFT JOIN territories ac ON ac.level = 'commune' AND ac.code = s.commune
     WHERE {{class_in}}
     GROUP BY GROUPING SETS ((), (nullif(s.grp, '')))
)
