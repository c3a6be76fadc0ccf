-- The indicator catalogue, for an import's resolver and for Indicators
-- (which add their own WHERE or ORDER BY).
SELECT id, label, theme, unit, source, coalesce(year, 0), finest_level, higher_is_worse,
       aggregation, scale, synthetic, domains
  FROM indicators
