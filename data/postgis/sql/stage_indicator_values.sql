CREATE TEMP TABLE stage_indicator_values (
    indicator text, territory text, year integer, value double precision,
    numerator double precision, denominator double precision
) ON COMMIT DROP
