-- Insert (with conflict_indicators.sql: or update) the indicator catalogue by id; year 0 (unknown) is NULL.
INSERT INTO indicators AS t (id, label, theme, unit, source, year, finest_level, higher_is_worse,
                             aggregation, scale, synthetic, domains)
SELECT s.id, s.label, s.theme, s.unit, s.source, nullif(s.year, 0), s.finest_level, s.higher_is_worse,
       s.aggregation, s.scale, s.synthetic, s.domains
  FROM stage_indicators s
