-- Staging table for actors, in the types and order of the actors table's
-- own columns (actorRow gives each value as it is stored: NULL for an
-- absent code, 'FR' for no country, the point as EWKB), so that a bulk
-- load into an empty actors table copies the same rows straight into it.
CREATE TEMP TABLE stage_actors (
    id bigint, name text, kind text, siren text, rna text, commune text, country text,
    geom geometry, precision text, employees integer,
    employer boolean, insertion boolean, sector text, reach text, domains text[], active boolean
) ON COMMIT DROP
