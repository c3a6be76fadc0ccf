-- +goose Up

-- Each partnership keeps, beside its ends' territories (00009, 00010),
-- what the observatory and the partnerships layer read of its two actors:
-- their kind, sector and country. Derived by the same trigger as the
-- scale, so they can no more be typed in than the scale, and re-derived
-- when an actor changes kind, sector or country. The observatory then
-- groups one table instead of joining 1.2 M partnerships to 1.85 M actors
-- twice (4 of the 9 seconds of the national figures), and a partnerships
-- page no longer joins the actors for kind_a and kind_b.

ALTER TABLE partnerships
    ADD COLUMN a_kind    text,
    ADD COLUMN a_sector  text,
    ADD COLUMN a_country text,
    ADD COLUMN b_kind    text,
    ADD COLUMN b_sector  text,
    ADD COLUMN b_country text;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION partnership_derive() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT partner_scale(a.country, a.commune, ca.epci, ca.region,
                         b.country, b.commune, cb.epci, cb.region),
           ST_MakeLine(a.geom, b.geom),
           a.commune, ca.epci, ca.departement, ca.region,
           b.commune, cb.epci, cb.departement, cb.region,
           a.kind, a.sector, a.country, b.kind, b.sector, b.country
      INTO NEW.scale, NEW.geom,
           NEW.a_commune, NEW.a_epci, NEW.a_departement, NEW.a_region,
           NEW.b_commune, NEW.b_epci, NEW.b_departement, NEW.b_region,
           NEW.a_kind, NEW.a_sector, NEW.a_country, NEW.b_kind, NEW.b_sector, NEW.b_country
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
