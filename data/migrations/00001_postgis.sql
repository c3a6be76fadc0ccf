-- PostGIS provides the geometry type, its GiST operator classes and the
-- ST_* functions every other migration uses. Creating it needs the
-- postgresql-NN-postgis-3 package on the server and the right to create
-- extensions (superuser, or a trusted-extension setup); postgis.Migrate turns
-- the failure into a message saying so.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS postgis;

-- +goose Down
-- The extension may serve other schemas of the database: leave it.
SELECT 1;
