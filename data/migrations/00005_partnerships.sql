-- +goose Up

-- partnerships link two actors. scale and geom are derived from the two
-- actors, never typed in: partnership_derive recomputes them on every write
-- of the row and the triggers below whenever an actor or a commune they
-- depend on changes. geom is stored, not computed at query time, so bbox queries on
-- links use a GiST index like every other layer.
CREATE TABLE partnerships (
    id         bigint PRIMARY KEY,
    actor_a    bigint NOT NULL REFERENCES actors (id),
    actor_b    bigint NOT NULL REFERENCES actors (id),
    category   text NOT NULL
        CHECK (category IN ('mecenat', 'pratiques_responsables', 'cooperation_economique', 'innovation_societale')),
    domain     text NOT NULL
        CHECK (domain IN ('insertion_emploi', 'diversite_handicap', 'education_jeunesse', 'culture', 'sport', 'environnement', 'sante', 'numerique', 'solidarite', 'mobilite', 'autre')),
    start_date date NOT NULL,
    end_date   date CHECK (end_date >= start_date),
    scale      text NOT NULL CHECK (scale IN ('local', 'regional', 'national', 'international')),
    geom       geometry(LineString, 4326) NOT NULL
);

CREATE INDEX partnerships_geom_idx ON partnerships USING gist (geom);
CREATE INDEX partnerships_actor_a_idx ON partnerships (actor_a);
CREATE INDEX partnerships_actor_b_idx ON partnerships (actor_b);
CREATE INDEX partnerships_category_idx ON partnerships (category);
CREATE INDEX partnerships_domain_idx ON partnerships (domain);
CREATE INDEX partnerships_scale_idx ON partnerships (scale);

-- partner_scale is geo.PartnerScale in SQL: international if either actor
-- is abroad; local if both share a commune or an EPCI; regional if both
-- share a région; national otherwise. NULL codes never match.
CREATE FUNCTION partner_scale(
    a_country text, a_commune text, a_epci text, a_region text,
    b_country text, b_commune text, b_epci text, b_region text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN a_country <> 'FR' OR b_country <> 'FR' THEN 'international'
        WHEN a_commune = b_commune OR a_epci = b_epci THEN 'local'
        WHEN a_region = b_region THEN 'regional'
        ELSE 'national'
    END;

-- partnership_derive fills scale and geom from the two actors and their
-- communes. A missing actor is reported here, as the foreign key would be,
-- rather than as a confusing NULL scale.
-- +goose StatementBegin
CREATE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom)
      INTO NEW.scale, NEW.geom
      FROM actors a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
     CROSS JOIN actors b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
     WHERE a.id = NEW.actor_a AND b.id = NEW.actor_b;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('partnership %s: actor %s or %s does not exist', NEW.id, NEW.actor_a, NEW.actor_b);
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- Listing scale and geom among the columns makes a direct UPDATE of them
-- recompute them too: they cannot be typed in.
CREATE TRIGGER partnerships_derive
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();

-- rederive_actor_partnerships re-derives the links of an actor that moved;
-- "SET scale = scale" fires partnerships_derive on each of them.
-- +goose StatementBegin
CREATE FUNCTION rederive_actor_partnerships() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE partnerships SET scale = scale WHERE actor_a = NEW.id OR actor_b = NEW.id;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER actors_rederive_partnerships
    AFTER UPDATE OF commune, country, geom ON actors
    FOR EACH ROW
    WHEN (OLD.commune IS DISTINCT FROM NEW.commune
       OR OLD.country IS DISTINCT FROM NEW.country
       OR OLD.geom IS DISTINCT FROM NEW.geom)
    EXECUTE FUNCTION rederive_actor_partnerships();

-- rederive_commune_partnerships re-derives the links of the actors of a
-- commune whose EPCI or région changed.
-- +goose StatementBegin
CREATE FUNCTION rederive_commune_partnerships() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE partnerships p SET scale = p.scale
      FROM actors a
     WHERE a.commune = NEW.code AND (p.actor_a = a.id OR p.actor_b = a.id);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER territories_rederive_partnerships
    AFTER UPDATE OF epci, region ON territories
    FOR EACH ROW
    WHEN (NEW.level = 'commune'
      AND (OLD.epci IS DISTINCT FROM NEW.epci OR OLD.region IS DISTINCT FROM NEW.region))
    EXECUTE FUNCTION rederive_commune_partnerships();

-- +goose Down
DROP TRIGGER territories_rederive_partnerships ON territories;
DROP FUNCTION rederive_commune_partnerships();
DROP TRIGGER actors_rederive_partnerships ON actors;
DROP FUNCTION rederive_actor_partnerships();
DROP TABLE partnerships;
DROP FUNCTION partnership_derive();
DROP FUNCTION partner_scale(text, text, text, text, text, text, text, text);
