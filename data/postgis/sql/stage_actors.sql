CREATE TEMP TABLE stage_actors (
    id bigint, name text, kind text, siren text, rna text, commune text, country text,
    lon double precision, lat double precision, precision text, employees integer,
    employer boolean, insertion boolean, sector text, reach text, domains text[], active boolean
) ON COMMIT DROP
