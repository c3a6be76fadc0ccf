-- +goose Up

-- actors are the organisations of the territories (geo.Actor). An actor
-- abroad has no commune and a country other than FR. commune_level is the
-- constant 'commune' so that the commune can reference territories'
-- (level, code) key. Empty optional values are NULL.
CREATE TABLE actors (
    id            bigint PRIMARY KEY,
    name          text NOT NULL,
    kind          text NOT NULL
        CHECK (kind IN ('entreprise', 'association', 'collectivite', 'etat', 'enseignement', 'club_entreprises', 'autre')),
    siren         text CHECK (siren ~ '^[0-9]{9}$'),
    rna           text CHECK (rna ~ '^W[0-9A-Z]{9}$'),
    commune_level text COLLATE "C" NOT NULL DEFAULT 'commune' CHECK (commune_level = 'commune'),
    commune       text COLLATE "C",
    country       text NOT NULL DEFAULT 'FR' CHECK (country ~ '^[A-Z]{2}$'),
    geom          geometry(Point, 4326) NOT NULL,
    precision     text NOT NULL CHECK (precision IN ('exact', 'commune', 'approximate')),
    employees     integer NOT NULL DEFAULT 0 CHECK (employees >= 0),
    employer      boolean NOT NULL DEFAULT false,
    insertion     boolean NOT NULL DEFAULT false,
    sector        text CHECK (sector IN ('industrie', 'btp', 'commerce', 'services', 'agriculture', 'public', 'autre')),
    reach         text CHECK (reach IN ('local', 'regional', 'national', 'international')),
    domains       text[] NOT NULL DEFAULT '{}' CHECK (domains <@ ARRAY['insertion_emploi', 'diversite_handicap', 'education_jeunesse', 'culture', 'sport', 'environnement', 'sante', 'numerique', 'solidarite', 'mobilite', 'autre']),
    FOREIGN KEY (commune_level, commune) REFERENCES territories (level, code),
    CHECK (country = 'FR' OR commune IS NULL)
);

CREATE INDEX actors_geom_idx ON actors USING gist (geom);
CREATE INDEX actors_kind_idx ON actors (kind);
CREATE INDEX actors_sector_idx ON actors (sector);
CREATE INDEX actors_commune_idx ON actors (commune);
CREATE INDEX actors_domains_idx ON actors USING gin (domains);

-- actor_world maps a kind to its "monde" as geo.ActorKind.World does:
-- business clubs count with companies, "autre" with associations.
CREATE FUNCTION actor_world(kind text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE kind
        WHEN 'entreprise' THEN 'entreprises'
        WHEN 'club_entreprises' THEN 'entreprises'
        WHEN 'collectivite' THEN 'acteurs_publics'
        WHEN 'etat' THEN 'acteurs_publics'
        WHEN 'enseignement' THEN 'academiques_experts'
        ELSE 'associations'
    END;

-- +goose Down
DROP FUNCTION actor_world(text);
DROP TABLE actors;
