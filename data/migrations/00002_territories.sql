-- +goose Up

-- territories holds régions, départements, EPCIs and communes. The key is
-- (level, code) because INSEE reuses codes across levels: région 84
-- (Auvergne-Rhône-Alpes) and département 84 (Vaucluse). Codes sort bytewise
-- (COLLATE "C"), the order Go's sort gives, so paging agrees with the
-- embedded store; levels too, which makes key comparisons cheap (no locale
-- rules) in this table's and indicator_values' keys. Parent codes that do not apply to a level are NULL.
CREATE TABLE territories (
    level                text COLLATE "C" NOT NULL
        CHECK (level IN ('region', 'departement', 'epci', 'commune')),
    code                 text COLLATE "C" NOT NULL CHECK (code <> ''),
    name                 text NOT NULL,
    region               text COLLATE "C" CHECK (region <> ''),
    departement          text COLLATE "C" CHECK (departement <> ''),
    epci                 text COLLATE "C" CHECK (epci <> ''),
    population           bigint NOT NULL DEFAULT 0 CHECK (population >= 0),
    -- A MultiPolygon, or a Point where no contour is known, so that such a
    -- territory still has its place on the map;
    -- a plain Polygon from an import is kept as given.
    geom                 geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON')),
    approximate          boolean NOT NULL DEFAULT false,
    -- INSEE 7-level density grid; NULL when unknown (0 in geo.Typology).
    density_class        smallint CHECK (density_class BETWEEN 1 AND 7),
    qpv_share            double precision NOT NULL DEFAULT 0 CHECK (qpv_share BETWEEN 0 AND 1),
    rural_revitalisation boolean NOT NULL DEFAULT false,
    natural_park         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (level, code),
    CHECK (level <> 'region' OR (region IS NULL AND departement IS NULL AND epci IS NULL)),
    CHECK (level NOT IN ('departement', 'epci') OR epci IS NULL)
);

CREATE INDEX territories_geom_idx ON territories USING gist (geom);
-- Lookups by code alone (Territory) and by parent (Children, roll-ups).
CREATE INDEX territories_code_idx ON territories (code);
CREATE INDEX territories_region_idx ON territories (region, level);
CREATE INDEX territories_departement_idx ON territories (departement, level);
CREATE INDEX territories_epci_idx ON territories (epci, level);

-- territory_level_rank orders the levels a bare code may name: a code that
-- is both a département's and a région's means the département (the number
-- people use), then the région; EPCI and commune codes never collide.
CREATE FUNCTION territory_level_rank(level text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_position(ARRAY['departement', 'region', 'epci', 'commune'], level);

-- resolve_territory_level gives the level of the territory a bare code
-- names, preferring the level asked for when a territory of that level has
-- the code; NULL when no territory has it. Files name territories by code
-- alone (alliances, indicator values), so this is where a code gets its level.
-- +goose StatementBegin
CREATE FUNCTION resolve_territory_level(p_code text, p_preferred text DEFAULT NULL) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    BEGIN ATOMIC
        SELECT level FROM territories WHERE code = p_code
        ORDER BY level IS NOT DISTINCT FROM p_preferred DESC, territory_level_rank(level)
        LIMIT 1;
    END;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION resolve_territory_level(text, text);
DROP FUNCTION territory_level_rank(text);
DROP TABLE territories;
