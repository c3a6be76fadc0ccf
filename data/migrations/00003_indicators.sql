-- +goose Up

-- indicators is the fragility catalogue (GET /api/indicators). scale
-- multiplies a ratio of sums (100 for a percentage).
CREATE TABLE indicators (
    id              text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    label           text NOT NULL,
    theme           text NOT NULL,
    unit            text NOT NULL DEFAULT '',
    source          text NOT NULL DEFAULT '',
    year            integer,
    finest_level    text COLLATE "C" NOT NULL
        CHECK (finest_level IN ('region', 'departement', 'epci', 'commune')),
    higher_is_worse boolean NOT NULL,
    aggregation     text NOT NULL CHECK (aggregation IN ('ratio', 'weighted_mean', 'sum')),
    scale           double precision NOT NULL DEFAULT 1,
    synthetic       boolean NOT NULL DEFAULT false,
    domains         text[] NOT NULL DEFAULT '{}' CHECK (domains <@ ARRAY['insertion_emploi', 'diversite_handicap', 'education_jeunesse', 'culture', 'sport', 'environnement', 'sante', 'numerique', 'solidarite', 'mobilite', 'autre'])
);

CREATE INDEX indicators_domains_idx ON indicators USING gin (domains);

-- indicator_values holds one value per indicator, territory and year. The
-- territory's level is part of the key (région 84 is not département 84);
-- files give a bare code, resolved with the indicator's finest level first.
--
-- No foreign keys here, deliberately: a load writes hundreds of thousands
-- of values (418 500 for the demo) and per-row foreign-key triggers took
-- 5 of its 11 seconds. postgis checks the references of a whole batch in one
-- query before writing it (check_indicator_values.sql), and nothing deletes
-- territories or indicators.
CREATE TABLE indicator_values (
    indicator       text COLLATE "C" NOT NULL,
    territory_level text COLLATE "C" NOT NULL
        CHECK (territory_level IN ('region', 'departement', 'epci', 'commune')),
    territory       text COLLATE "C" NOT NULL,
    year            integer NOT NULL,
    value           double precision NOT NULL,
    numerator       double precision,
    denominator     double precision,
    PRIMARY KEY (indicator, territory_level, territory, year)
);

CREATE INDEX indicator_values_territory_idx ON indicator_values (territory_level, territory);

-- +goose Down
DROP TABLE indicator_values;
DROP TABLE indicators;
