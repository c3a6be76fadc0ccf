-- The associations and companies in scope and their partnering, from the
-- rows: the observatory during an interval (observatoryDuringPlan, whose
-- pairs keep only the partnerships active then), and the tests' reference
-- for the summaries. ends, one row per end in scope of pairs
-- (sql/observatory_pairs.sql),
-- with the partner's kind; tallies, per partnering association or company
-- in scope, its ends and what they cover; actor_counts, the active
-- associations and companies in scope ({{actor_in}}: actor a, its commune
-- ac; an inactive one's partnerships count, not itself), in total
-- (the () grouping set, which gives its row even for no actor) and per
-- association group. The summaries give the same (sql/observatory_kept_actors.sql);
-- this reading of the rows is what the tests check them against.
ends AS (
    SELECT a_id AS actor, a_kind AS kind, b_kind AS partner_kind, category, domain, scale
      FROM pairs
     WHERE a_in
    UNION ALL
    SELECT b_id, b_kind, a_kind, category, domain, scale
      FROM pairs
     WHERE b_in
),
tallies AS (
    SELECT actor, count(*) AS ends,
           bool_or(category = 'mecenat') AS mecenat,
           bool_or(category = 'pratiques_responsables') AS pratiques_responsables,
           bool_or(category = 'cooperation_economique') AS cooperation_economique,
           bool_or(category = 'innovation_societale') AS innovation_societale,
           bool_or(domain = 'insertion_emploi') AS insertion_emploi,
           bool_or(scale = 'local') AS local,
           bool_or(scale = 'regional') AS regional,
           bool_or(partner_kind = 'collectivite') AS collectivite
      FROM ends
     WHERE kind IN ('association', 'entreprise')
     GROUP BY actor
),
actor_counts AS (
    SELECT grouping(s.grp) = 1 AS total, s.grp,
           count(*) FILTER (WHERE s.association) AS associations,
           count(t.actor) FILTER (WHERE s.association) AS associations_partnering,
           count(*) FILTER (WHERE s.association AND s.employer) AS employer_associations,
           count(t.actor) FILTER (WHERE s.association AND s.employer) AS employer_associations_partnering,
           count(*) FILTER (WHERE s.association AND s.insertion) AS insertion_associations,
           count(t.actor) FILTER (WHERE s.association AND s.insertion) AS insertion_associations_partnering,
           coalesce(sum(t.ends) FILTER (WHERE s.association), 0)::bigint AS association_ends,
           count(*) FILTER (WHERE s.association AND t.mecenat) AS association_mecenat,
           count(*) FILTER (WHERE s.association AND t.pratiques_responsables) AS association_pratiques_responsables,
           count(*) FILTER (WHERE s.association AND t.cooperation_economique) AS association_cooperation_economique,
           count(*) FILTER (WHERE s.association AND t.innovation_societale) AS association_innovation_societale,
           count(*) FILTER (WHERE NOT s.association) AS companies,
           count(t.actor) FILTER (WHERE NOT s.association) AS companies_partnering,
           count(*) FILTER (WHERE NOT s.association AND s.employees >= 10) AS companies10,
           count(t.actor) FILTER (WHERE NOT s.association AND s.employees >= 10) AS companies10_partnering,
           count(*) FILTER (WHERE NOT s.association AND s.employees >= 1000) AS companies1000,
           count(t.actor) FILTER (WHERE NOT s.association AND s.employees >= 1000) AS companies1000_partnering,
           coalesce(sum(t.ends) FILTER (WHERE NOT s.association), 0)::bigint AS company_ends,
           count(*) FILTER (WHERE NOT s.association AND t.insertion_emploi) AS company_insertion,
           count(*) FILTER (WHERE NOT s.association AND t.local) AS company_local,
           count(*) FILTER (WHERE NOT s.association AND t.regional) AS company_regional,
           count(*) FILTER (WHERE NOT s.association AND t.collectivite) AS company_collectivite
      FROM (SELECT a.id, a.kind = 'association' AS association, a.employer, a.insertion, a.employees,
                   CASE WHEN a.kind = 'association' AND NOT a.insertion THEN coalesce(a.domains[1], 'autre') END AS grp
              FROM actors a
              LEFT JOIN territories ac ON ac.level = 'commune' AND ac.code = a.commune
             WHERE a.kind IN ('association', 'entreprise') AND a.active AND ({{actor_in}})) s
      LEFT JOIN tallies t ON t.actor = s.id
     GROUP BY GROUPING SETS ((), (s.grp))
)
