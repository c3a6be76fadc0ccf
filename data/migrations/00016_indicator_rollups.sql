-- +goose Up

-- indicator_rollups holds every indicator's values rolled up from its
-- finest level into each coarser level and into France, per year: what a
-- portrait compares a territory with (its parent's value, the national
-- value) and what the choropleth draws at the coarser levels. Grouped
-- from the rows on every request, one indicator at one level took 20 to
-- 40 ms on a national database, and a département's portrait asks for
-- about thirty of them.
--
-- The rules are those of geo.Rollup: a ratio is the ratio of the summed
-- numerators and denominators times the indicator's scale (0 meaning 1),
-- never a mean of rates; a weighted mean is weighted by the territories'
-- populations; a sum is a sum. NaN values are left out; so is a group
-- whose denominator (the summed denominators, the summed populations)
-- is zero, and a territory with no parent at a level (a commune in no
-- EPCI) adds nothing to that level.
--
-- Unlike the partnership summaries (00009 to 00015), which add and
-- subtract changed rows, a change here recomputes the whole of each
-- indicator it touches: its values are floating point, and sums kept by
-- adding and subtracting would drift from a fresh sum. Recomputing every
-- indicator of a national database takes about 0.6 s; an edited value
-- recomputes its own indicator only. The triggers: changed values
-- recompute their indicators; an indicator whose rule, scale or finest
-- level changes is recomputed; a territory whose population or parents
-- change recomputes the indicators it has values of; TRUNCATE of any of
-- the three tables recomputes everything.
CREATE TABLE indicator_rollups (
    indicator text COLLATE "C" NOT NULL,
    year      integer NOT NULL,
    level     text COLLATE "C" NOT NULL CHECK (level IN ('region', 'departement', 'epci', 'france')),
    code      text COLLATE "C" NOT NULL, -- '' for France
    value     double precision NOT NULL,
    PRIMARY KEY (indicator, year, level, code)
);

-- indicator_rollups_refresh recomputes the roll-ups of the indicators ids
-- (all of them when ids is NULL). EXECUTE plans with the actual ids: a
-- sequential scan for many indicators, the primary key for one.
-- +goose StatementBegin
CREATE FUNCTION indicator_rollups_refresh(ids text[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL THEN
        SELECT array_agg(id) INTO ids FROM indicators;
        DELETE FROM indicator_rollups;
    ELSE
        DELETE FROM indicator_rollups WHERE indicator = ANY(ids);
    END IF;
    IF ids IS NULL THEN
        RETURN;
    END IF;
    EXECUTE $q$
        INSERT INTO indicator_rollups (indicator, year, level, code, value)
        SELECT indicator, year, level, code, value
          FROM (SELECT v.indicator, v.year,
                       CASE WHEN GROUPING(t.region) = 0 THEN 'region'
                            WHEN GROUPING(t.departement) = 0 THEN 'departement'
                            WHEN GROUPING(t.epci) = 0 THEN 'epci'
                            ELSE 'france' END AS level,
                       CASE WHEN GROUPING(t.region) = 0 THEN t.region
                            WHEN GROUPING(t.departement) = 0 THEN t.departement
                            WHEN GROUPING(t.epci) = 0 THEN t.epci
                            ELSE '' END AS code,
                       CASE i.aggregation
                           WHEN 'ratio' THEN sum(coalesce(v.numerator, 0)) / nullif(sum(coalesce(v.denominator, 0)), 0)
                                             * CASE WHEN i.scale = 0 THEN 1 ELSE i.scale END
                           WHEN 'weighted_mean' THEN sum(v.value * t.population::float8) / nullif(sum(t.population::float8), 0)
                           ELSE sum(v.value)
                       END AS value
                  FROM indicator_values v
                  JOIN indicators i ON i.id = v.indicator AND i.finest_level = v.territory_level
                  JOIN territories t ON t.level = v.territory_level AND t.code = v.territory
                 WHERE v.indicator = ANY($1) AND v.value <> 'NaN'
                 GROUP BY GROUPING SETS ((v.indicator, v.year, i.aggregation, i.scale, t.region),
                                         (v.indicator, v.year, i.aggregation, i.scale, t.departement),
                                         (v.indicator, v.year, i.aggregation, i.scale, t.epci),
                                         (v.indicator, v.year, i.aggregation, i.scale))) r
         WHERE code IS NOT NULL AND value IS NOT NULL
    $q$ USING ids;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION indicator_values_rollups_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ids text[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM indicator_rollups_refresh(NULL);
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT indicator) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT indicator) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(indicator) INTO ids FROM (SELECT indicator FROM new_rows UNION SELECT indicator FROM old_rows) x;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM indicator_rollups_refresh(ids);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER indicator_values_rollups_insert AFTER INSERT ON indicator_values REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_values_rollups_maintain();
CREATE TRIGGER indicator_values_rollups_update AFTER UPDATE ON indicator_values REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_values_rollups_maintain();
CREATE TRIGGER indicator_values_rollups_delete AFTER DELETE ON indicator_values REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_values_rollups_maintain();
CREATE TRIGGER indicator_values_rollups_truncate AFTER TRUNCATE ON indicator_values
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_values_rollups_maintain();

-- Indicators: an inserted one may find values already there (values have
-- no foreign key), a deleted one takes its roll-ups along, an updated one
-- is recomputed when its rule, scale or finest level changed.
-- +goose StatementBegin
CREATE FUNCTION indicators_rollups_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ids text[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM indicator_rollups_refresh(NULL);
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(id) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(id) INTO ids FROM (
            SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
             WHERE (o.aggregation, o.scale, o.finest_level) IS DISTINCT FROM (n.aggregation, n.scale, n.finest_level)
            UNION
            SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL) x;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM indicator_rollups_refresh(ids);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER indicators_rollups_insert AFTER INSERT ON indicators REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_rollups_maintain();
CREATE TRIGGER indicators_rollups_update AFTER UPDATE ON indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_rollups_maintain();
CREATE TRIGGER indicators_rollups_delete AFTER DELETE ON indicators REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_rollups_maintain();
CREATE TRIGGER indicators_rollups_truncate AFTER TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION indicators_rollups_maintain();

-- Territories: those whose population or parents changed (or that came or
-- went) recompute the indicators they have values of.
-- +goose StatementBegin
CREATE FUNCTION territories_rollups_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ids text[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM indicator_rollups_refresh(NULL);
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT v.indicator) INTO ids
          FROM new_rows c JOIN indicator_values v ON v.territory_level = c.level AND v.territory = c.code;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT v.indicator) INTO ids
          FROM old_rows c JOIN indicator_values v ON v.territory_level = c.level AND v.territory = c.code;
    ELSE
        SELECT array_agg(DISTINCT v.indicator) INTO ids
          FROM (SELECT n.level, n.code FROM new_rows n LEFT JOIN old_rows o ON o.level = n.level AND o.code = n.code
                 WHERE (o.population, o.region, o.departement, o.epci) IS DISTINCT FROM
                       (n.population, n.region, n.departement, n.epci)
                UNION
                SELECT o.level, o.code FROM old_rows o LEFT JOIN new_rows n ON n.level = o.level AND n.code = o.code
                 WHERE n.code IS NULL) c
          JOIN indicator_values v ON v.territory_level = c.level AND v.territory = c.code;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM indicator_rollups_refresh(ids);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER territories_rollups_insert AFTER INSERT ON territories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territories_rollups_maintain();
CREATE TRIGGER territories_rollups_update AFTER UPDATE ON territories REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territories_rollups_maintain();
CREATE TRIGGER territories_rollups_delete AFTER DELETE ON territories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION territories_rollups_maintain();
CREATE TRIGGER territories_rollups_truncate AFTER TRUNCATE ON territories
    FOR EACH STATEMENT EXECUTE FUNCTION territories_rollups_maintain();

SELECT indicator_rollups_refresh(NULL);

-- +goose Down
DROP TRIGGER territories_rollups_truncate ON territories;
DROP TRIGGER territories_rollups_delete ON territories;
DROP TRIGGER territories_rollups_update ON territories;
DROP TRIGGER territories_rollups_insert ON territories;
DROP TRIGGER indicators_rollups_truncate ON indicators;
DROP TRIGGER indicators_rollups_delete ON indicators;
DROP TRIGGER indicators_rollups_update ON indicators;
DROP TRIGGER indicators_rollups_insert ON indicators;
DROP TRIGGER indicator_values_rollups_truncate ON indicator_values;
DROP TRIGGER indicator_values_rollups_delete ON indicator_values;
DROP TRIGGER indicator_values_rollups_update ON indicator_values;
DROP TRIGGER indicator_values_rollups_insert ON indicator_values;
DROP FUNCTION territories_rollups_maintain();
DROP FUNCTION indicators_rollups_maintain();
DROP FUNCTION indicator_values_rollups_maintain();
DROP FUNCTION indicator_rollups_refresh(text[]);
DROP TABLE indicator_rollups;
