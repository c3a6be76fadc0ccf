-- Staging table COPY fills before insert_territories.sql and conflict_territories.sql merge it; dropped
-- at commit. geom is EWKB with SRID 4326.
CREATE TEMP TABLE stage_territories (
    level text, code text, name text, region text, departement text, epci text,
    population bigint, geom bytea, approximate boolean, density_class smallint,
    qpv_share double precision, rural_revitalisation boolean, natural_park boolean
) ON COMMIT DROP
