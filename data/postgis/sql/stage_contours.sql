-- Staging table COPY fills before insert_contours.sql applies it; dropped at commit. geom is
-- EWKB with SRID 4326, a MultiPolygon.
CREATE TEMP TABLE stage_contours (code text, geom bytea) ON COMMIT DROP
