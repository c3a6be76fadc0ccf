-- +goose Up

-- Each partnership keeps, beside its ends' territories (00009, 00010),
-- what the observatory and the partnerships layer read of its two actors:
-- their kind, sector and country. Derived by the same trigger as the
-- scale, so they can no more be typed in than the scale, and re-derived
-- when an actor changes kind, sector or country. The observatory then
-- groups one table instead of joining 1.2 M partnerships to 1.85 M actors
-- twice (4 of the 9 seconds of the national figures), and a partnerships
-- page no longer joins the actors for kind_a and kind_b.
--
-- What a partnership derives from its actors is now one SQL function,
-- partnership_ends, which the row trigger calls.

ALTER TABLE partnerships
    ADD COLUMN a_kind    text,
    ADD COLUMN a_sector  text,
    ADD COLUMN a_country text,
    ADD COLUMN b_kind    text,
    ADD COLUMN b_sector  text,
    ADD COLUMN b_country text;

-- partnership_ends computes everything a partnership derives from its two
-- actors (scale, line, each end's commune, territories, kind, sector and
-- country) in one place, for the row trigger (one partnership written) and
-- as the definition bulk loads follow (data/postgis/bulk.go, which joins a
-- million partnerships to their actors as sets, column for column, and is
-- tested to write the same rows). No row when either actor is missing.
-- +goose StatementBegin
CREATE FUNCTION partnership_ends(p_actor_a bigint, p_actor_b bigint)
    RETURNS TABLE (scale text, geom geometry(LineString, 4326),
                   a_commune text, a_epci text, a_departement text, a_region text,
                   b_commune text, b_epci text, b_departement text, b_region text,
                   a_kind text, a_sector text, a_country text, b_kind text, b_sector text, b_country text)
    LANGUAGE sql STABLE
AS $$
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom),
           a.commune, ca.epci, ca.departement, ca.region,
           b.commune, cb.epci, cb.departement, cb.region,
           a.kind, a.sector, a.country, b.kind, b.sector, b.country
      FROM actors a
      LEFT JOIN territories ca ON ca.level = 'commune' AND ca.code = a.commune
     CROSS JOIN actors b
      LEFT JOIN territories cb ON cb.level = 'commune' AND cb.code = b.commune
     WHERE a.id = p_actor_a AND b.id = p_actor_b
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.* INTO NEW.scale, NEW.geom,
           NEW.a_commune, NEW.a_epci, NEW.a_departement, NEW.a_region,
           NEW.b_commune, NEW.b_epci, NEW.b_departement, NEW.b_region,
           NEW.a_kind, NEW.a_sector, NEW.a_country, NEW.b_kind, NEW.b_sector, NEW.b_country
      FROM partnership_ends(NEW.actor_a, NEW.actor_b) e;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING
            MESSAGE = format('partnership %s: actor %s or %s does not exist', NEW.id, NEW.actor_a, NEW.actor_b);
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

DROP TRIGGER partnerships_derive ON partnerships;
CREATE TRIGGER partnerships_derive
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom, a_commune, b_commune,
        a_epci, a_departement, a_region, b_epci, b_departement, b_region,
        a_kind, a_sector, a_country, b_kind, b_sector, b_country ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();

DROP TRIGGER actors_rederive_partnerships ON actors;
CREATE TRIGGER actors_rederive_partnerships
    AFTER UPDATE OF commune, country, geom, kind, sector ON actors
    FOR EACH ROW
    WHEN (OLD.commune IS DISTINCT FROM NEW.commune
       OR OLD.country IS DISTINCT FROM NEW.country
       OR OLD.geom IS DISTINCT FROM NEW.geom
       OR OLD.kind IS DISTINCT FROM NEW.kind
       OR OLD.sector IS DISTINCT FROM NEW.sector)
    EXECUTE FUNCTION rederive_actor_partnerships();

UPDATE partnerships SET scale = scale;

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom),
           a.commune, ca.epci, ca.departement, ca.region,
           b.commune, cb.epci, cb.departement, cb.region
      INTO NEW.scale, NEW.geom,
           NEW.a_commune, NEW.a_epci, NEW.a_departement, NEW.a_region,
           NEW.b_commune, NEW.b_epci, NEW.b_departement, NEW.b_region
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
DROP TRIGGER actors_rederive_partnerships ON actors;
CREATE TRIGGER actors_rederive_partnerships
    AFTER UPDATE OF commune, country, geom ON actors
    FOR EACH ROW
    WHEN (OLD.commune IS DISTINCT FROM NEW.commune
       OR OLD.country IS DISTINCT FROM NEW.country
       OR OLD.geom IS DISTINCT FROM NEW.geom)
    EXECUTE FUNCTION rederive_actor_partnerships();
DROP TRIGGER partnerships_derive ON partnerships;
CREATE TRIGGER partnerships_derive
    BEFORE INSERT OR UPDATE OF actor_a, actor_b, scale, geom, a_commune, b_commune,
        a_epci, a_departement, a_region, b_epci, b_departement, b_region ON partnerships
    FOR EACH ROW EXECUTE FUNCTION partnership_derive();
ALTER TABLE partnerships
    DROP COLUMN a_kind, DROP COLUMN a_sector, DROP COLUMN a_country,
    DROP COLUMN b_kind, DROP COLUMN b_sector, DROP COLUMN b_country;
DROP FUNCTION partnership_ends(bigint, bigint);
