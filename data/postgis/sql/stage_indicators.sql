CREATE TEMP TABLE stage_indicators (
    id text, label text, theme text, unit text, source text, year integer, finest_level text,
    higher_is_worse boolean, aggregation text, scale double precision, synthetic boolean,
    domains text[]
) ON COMMIT DROP
