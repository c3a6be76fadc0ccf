-- +goose Up

-- Indexes for filtered keyset pages (data.ItemsQuery Equals + After): a page
-- is "WHERE col = $1 AND id > $2 ORDER BY id LIMIT n". With an index on
-- (col, id) that is one range seek returning rows already in order, however
-- rare the value is after the cursor. With (col) alone, PostgreSQL walks the
-- primary key from the cursor and drops every row of another value (9 196
-- rows read for 38 associations on the demo), or fetches every match and
-- sorts it. A (col, id) index also answers everything (col) did, so it
-- replaces it under the same name.
--
-- Covered: every queryable stored in a column of the collection's own
-- table. Not covered, on purpose: actors' size_class (derived from
-- employees) and epci/departement/region (their commune's), partnerships'
-- kind_a/kind_b (their actors'), which PostgreSQL reaches through the
-- joined table's own indexes; and alliances, a few hundred rows, where a
-- scan is cheaper than keeping more indexes.

DROP INDEX actors_kind_idx;
CREATE INDEX actors_kind_idx ON actors (kind, id);
DROP INDEX actors_sector_idx;
CREATE INDEX actors_sector_idx ON actors (sector, id);
DROP INDEX actors_commune_idx;
CREATE INDEX actors_commune_idx ON actors (commune, id);
CREATE INDEX actors_country_idx ON actors (country, id);
CREATE INDEX actors_precision_idx ON actors (precision, id);
CREATE INDEX actors_reach_idx ON actors (reach, id);
CREATE INDEX actors_employer_idx ON actors (employer, id);
CREATE INDEX actors_insertion_idx ON actors (insertion, id);

DROP INDEX partnerships_category_idx;
CREATE INDEX partnerships_category_idx ON partnerships (category, id);
DROP INDEX partnerships_domain_idx;
CREATE INDEX partnerships_domain_idx ON partnerships (domain, id);
DROP INDEX partnerships_scale_idx;
CREATE INDEX partnerships_scale_idx ON partnerships (scale, id);
DROP INDEX partnerships_actor_a_idx;
CREATE INDEX partnerships_actor_a_idx ON partnerships (actor_a, id);
DROP INDEX partnerships_actor_b_idx;
CREATE INDEX partnerships_actor_b_idx ON partnerships (actor_b, id);
-- A narrow datetime interval is answered from here (then sorted by id); a
-- wide one by walking the primary key from the cursor. It also makes the
-- min/max of Extent two index probes.
CREATE INDEX partnerships_start_idx ON partnerships (start_date);

-- Territories are paged by (level, code), their primary key; a filter adds
-- its column between the two. The parent-code indexes gain the code too,
-- which also hands Children its rows in order.
DROP INDEX territories_region_idx;
CREATE INDEX territories_region_idx ON territories (region, level, code);
DROP INDEX territories_departement_idx;
CREATE INDEX territories_departement_idx ON territories (departement, level, code);
DROP INDEX territories_epci_idx;
CREATE INDEX territories_epci_idx ON territories (epci, level, code);
CREATE INDEX territories_density_class_idx ON territories (level, density_class, code);
CREATE INDEX territories_rural_revitalisation_idx ON territories (level, rural_revitalisation, code);
CREATE INDEX territories_natural_park_idx ON territories (level, natural_park, code);

-- +goose Down
DROP INDEX territories_natural_park_idx;
DROP INDEX territories_rural_revitalisation_idx;
DROP INDEX territories_density_class_idx;
DROP INDEX territories_epci_idx;
CREATE INDEX territories_epci_idx ON territories (epci, level);
DROP INDEX territories_departement_idx;
CREATE INDEX territories_departement_idx ON territories (departement, level);
DROP INDEX territories_region_idx;
CREATE INDEX territories_region_idx ON territories (region, level);

DROP INDEX partnerships_start_idx;
DROP INDEX partnerships_actor_b_idx;
CREATE INDEX partnerships_actor_b_idx ON partnerships (actor_b);
DROP INDEX partnerships_actor_a_idx;
CREATE INDEX partnerships_actor_a_idx ON partnerships (actor_a);
DROP INDEX partnerships_scale_idx;
CREATE INDEX partnerships_scale_idx ON partnerships (scale);
DROP INDEX partnerships_domain_idx;
CREATE INDEX partnerships_domain_idx ON partnerships (domain);
DROP INDEX partnerships_category_idx;
CREATE INDEX partnerships_category_idx ON partnerships (category);

DROP INDEX actors_insertion_idx;
DROP INDEX actors_employer_idx;
DROP INDEX actors_reach_idx;
DROP INDEX actors_precision_idx;
DROP INDEX actors_country_idx;
DROP INDEX actors_commune_idx;
CREATE INDEX actors_commune_idx ON actors (commune);
DROP INDEX actors_sector_idx;
CREATE INDEX actors_sector_idx ON actors (sector);
DROP INDEX actors_kind_idx;
CREATE INDEX actors_kind_idx ON actors (kind);
