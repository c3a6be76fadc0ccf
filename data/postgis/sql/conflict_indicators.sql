-- What makes insert_indicators.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
ON CONFLICT (id) DO UPDATE SET
    label = excluded.label, theme = excluded.theme, unit = excluded.unit, source = excluded.source,
    year = excluded.year, finest_level = excluded.finest_level,
    higher_is_worse = excluded.higher_is_worse, aggregation = excluded.aggregation,
    scale = excluded.scale, synthetic = excluded.synthetic, domains = excluded.domains
WHERE (t.label, t.theme, t.unit, t.source, t.year, t.finest_level, t.higher_is_worse,
       t.aggregation, t.scale, t.synthetic, t.domains)
      IS DISTINCT FROM
      (excluded.label, excluded.theme, excluded.unit, excluded.source, excluded.year,
       excluded.finest_level, excluded.higher_is_worse, excluded.aggregation, excluded.scale,
       excluded.synthetic, excluded.domains)
