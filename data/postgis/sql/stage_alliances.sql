CREATE TEMP TABLE stage_alliances (
    id bigint, name text, territory_level text, territory text, stake text, start_year integer,
    illustrative boolean
) ON COMMIT DROP
