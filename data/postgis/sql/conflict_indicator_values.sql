-- What makes insert_indicator_values.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
ON CONFLICT (indicator, territory_level, territory, year) DO UPDATE SET
    value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator
WHERE (t.value, t.numerator, t.denominator) IS DISTINCT FROM
      (excluded.value, excluded.numerator, excluded.denominator)
