-- The staged indicator values naming an unknown indicator or territory, a
-- few of them: the set-wise stand-in for foreign keys (see migration 00003).
SELECT s.indicator, s.territory, s.year
  FROM stage_indicator_values s
 WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.id = s.indicator)
    OR NOT EXISTS (SELECT 1 FROM territories t WHERE t.code = s.territory)
 LIMIT 5
