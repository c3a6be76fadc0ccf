-- pair_counts for France, a région or a département, from
-- partnership_end_counts (migration 00015) instead of the rows: {{a_in}},
-- {{b_in}} put an end of a row in scope, reading the territory's code as $1.
pair_counts AS (
    SELECT domain, scale,
           CASE WHEN ({{a_in}}) AND a_company THEN a_sector END AS a_company,
           CASE WHEN ({{b_in}}) AND b_company THEN b_sector END AS b_company,
           sum(n) AS n
      FROM partnership_end_counts
     WHERE ({{a_in}}) OR ({{b_in}})
     GROUP BY 1, 2, 3, 4
)
