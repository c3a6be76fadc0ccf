-- +goose Up

-- alliances are "alliances territoriales" (geo.Alliance). A file names the
-- territory by a bare code; alliance_derive resolves its level and places
-- the alliance on a point inside the territory (ST_PointOnSurface: the
-- point itself for a commune known only by its point). start_year is NULL
-- when unknown.
CREATE TABLE alliances (
    id              bigint PRIMARY KEY,
    name            text NOT NULL,
    territory_level text COLLATE "C" NOT NULL,
    territory       text COLLATE "C" NOT NULL,
    stake           text NOT NULL
        CHECK (stake IN ('insertion_emploi', 'diversite_handicap', 'education_jeunesse', 'culture', 'sport', 'environnement', 'sante', 'numerique', 'solidarite', 'mobilite', 'autre')),
    start_year      integer CHECK (start_year BETWEEN 1800 AND 2200),
    illustrative    boolean NOT NULL DEFAULT false,
    geom            geometry(Point, 4326) NOT NULL,
    FOREIGN KEY (territory_level, territory) REFERENCES territories (level, code)
);

CREATE INDEX alliances_geom_idx ON alliances USING gist (geom);
CREATE INDEX alliances_territory_idx ON alliances (territory_level, territory);
CREATE INDEX alliances_stake_idx ON alliances (stake);

CREATE TABLE alliance_members (
    alliance bigint NOT NULL REFERENCES alliances (id) ON DELETE CASCADE,
    actor    bigint NOT NULL REFERENCES actors (id),
    role     text NOT NULL CHECK (role IN ('facilitateur', 'financeur', 'expert_prescripteur', 'operateur')),
    PRIMARY KEY (alliance, actor)
);

CREATE INDEX alliance_members_actor_idx ON alliance_members (actor);

-- +goose StatementBegin
CREATE FUNCTION alliance_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.territory_level IS NULL OR TG_OP = 'UPDATE' AND NEW.territory IS DISTINCT FROM OLD.territory
       AND NEW.territory_level IS NOT DISTINCT FROM OLD.territory_level THEN
        NEW.territory_level := resolve_territory_level(NEW.territory);
    END IF;
    SELECT ST_PointOnSurface(t.geom) INTO NEW.geom
      FROM territories t
     WHERE t.level = NEW.territory_level AND t.code = NEW.territory;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('alliance %s: territory %s does not exist', NEW.id, NEW.territory);
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER alliances_derive
    BEFORE INSERT OR UPDATE OF territory_level, territory, geom ON alliances
    FOR EACH ROW EXECUTE FUNCTION alliance_derive();

-- A territory's new outline moves the alliances placed inside it.
-- +goose StatementBegin
CREATE FUNCTION rederive_territory_alliances() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE alliances SET geom = geom WHERE territory_level = NEW.level AND territory = NEW.code;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER territories_rederive_alliances
    AFTER UPDATE OF geom ON territories
    FOR EACH ROW
    WHEN (OLD.geom IS DISTINCT FROM NEW.geom)
    EXECUTE FUNCTION rederive_territory_alliances();

-- territory_alliances is each territory's alliance history: the alliances
-- located in it or in a territory inside it, by parent codes (an alliance of
-- a commune counts for its EPCI, département and région).
CREATE VIEW territory_alliances AS
SELECT x.level, x.code, count(*)::integer AS alliances_count, min(al.start_year) AS alliances_first_year
  FROM alliances al
  JOIN territories t ON t.level = al.territory_level AND t.code = al.territory
 CROSS JOIN LATERAL (VALUES (t.level, t.code), ('region', t.region),
                            ('departement', t.departement), ('epci', t.epci)) AS x (level, code)
 WHERE x.code IS NOT NULL
 GROUP BY x.level, x.code;

-- +goose Down
DROP VIEW territory_alliances;
DROP TRIGGER territories_rederive_alliances ON territories;
DROP FUNCTION rederive_territory_alliances();
DROP TABLE alliance_members;
DROP TABLE alliances;
DROP FUNCTION alliance_derive();
