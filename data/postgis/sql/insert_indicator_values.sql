-- Insert (with conflict_indicator_values.sql: or update) indicator values. A file names the territory by a bare
-- code: the territory of the indicator's finest level with that code when
-- there is one (a hash join), else resolve_territory_level's choice.
-- Numerator and denominator both 0 mean "not a ratio": NULL.
INSERT INTO indicator_values AS t (indicator, territory_level, territory, year, value, numerator, denominator)
SELECT s.indicator, coalesce(tf.level, resolve_territory_level(s.territory)), s.territory, s.year,
       s.value,
       CASE WHEN s.numerator <> 0 OR s.denominator <> 0 THEN s.numerator END,
       CASE WHEN s.numerator <> 0 OR s.denominator <> 0 THEN s.denominator END
  FROM stage_indicator_values s
  JOIN indicators i ON i.id = s.indicator
  LEFT JOIN territories tf ON tf.level = i.finest_level AND tf.code = s.territory
