-- +goose Up

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

-- +goose Down
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
DROP FUNCTION partnership_ends(bigint, bigint);
