-- +goose Up

-- Zoomed out, the map groups actors by cells of a longitude/latitude grid
-- (data.Store.ActorClusters, side 90 / 2^zoom degrees). Over mainland
-- France that grouped the 1.85 M actors of a national database per
-- request (0.9 s). actor_cells keeps the groups of the grid at zoom 10
-- (cells of 0.087890625°, about 10 km), per kind: count, sums of the
-- coordinates and employees. A cell of a wider zoom z is the union of
-- 2^(10-z) × 2^(10-z) of them, exactly: floor(x / (c·2^k)) equals
-- floor(floor(x / c) / 2^k) for the same double x, c being 90 divided by a
-- power of two, so the arithmetic shift of the zoom-10 cell index gives
-- the cell. Kept by statement triggers in the same transaction as the
-- actors, like the partnership summaries, and checked by a recount test;
-- never an input: a query with other filters groups the actors themselves.
CREATE TABLE actor_cells (
    cx        bigint NOT NULL,
    cy        bigint NOT NULL,
    kind      text NOT NULL,
    n         bigint NOT NULL,
    sum_x     double precision NOT NULL,
    sum_y     double precision NOT NULL,
    employees bigint NOT NULL,
    PRIMARY KEY (cx, cy, kind)
);

-- actor_cells_sql applies the actors selected by delta_sql (columns geom,
-- kind, employees and d = +1 or -1) to the cells; the trigger EXECUTEs it
-- (transition tables are visible to the trigger function only). Sorted, so
-- concurrent writers lock cells in the same order.
CREATE FUNCTION actor_cells_sql(delta_sql text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN format($q$
        INSERT INTO actor_cells AS c (cx, cy, kind, n, sum_x, sum_y, employees)
        SELECT floor(ST_X(x.geom) / 0.087890625::double precision)::bigint,
               floor(ST_Y(x.geom) / 0.087890625::double precision)::bigint,
               x.kind, sum(x.d), sum(x.d * ST_X(x.geom)), sum(x.d * ST_Y(x.geom)),
               sum(x.d * coalesce(x.employees, 0))
          FROM (%s) x
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3
        ON CONFLICT (cx, cy, kind) DO UPDATE
           SET n = c.n + excluded.n, sum_x = c.sum_x + excluded.sum_x,
               sum_y = c.sum_y + excluded.sum_y, employees = c.employees + excluded.employees
    $q$, delta_sql);

-- +goose StatementBegin
CREATE FUNCTION actor_cells_maintain() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE actor_cells_sql('SELECT geom, kind, employees, 1 AS d FROM new_rows');
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE actor_cells_sql('SELECT geom, kind, employees, -1 AS d FROM old_rows');
    ELSE
        EXECUTE actor_cells_sql('SELECT geom, kind, employees, 1 AS d FROM new_rows
                                 UNION ALL SELECT geom, kind, employees, -1 AS d FROM old_rows');
    END IF;
    DELETE FROM actor_cells WHERE n = 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION actor_cells_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE actor_cells;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER actors_cells_insert AFTER INSERT ON actors REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_cells_maintain();
CREATE TRIGGER actors_cells_update AFTER UPDATE ON actors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_cells_maintain();
CREATE TRIGGER actors_cells_delete AFTER DELETE ON actors REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION actor_cells_maintain();
CREATE TRIGGER actors_cells_truncate AFTER TRUNCATE ON actors
    FOR EACH STATEMENT EXECUTE FUNCTION actor_cells_truncate();

-- Count the actors already there.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE actor_cells_sql('SELECT geom, kind, employees, 1 AS d FROM actors');
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER actors_cells_truncate ON actors;
DROP TRIGGER actors_cells_delete ON actors;
DROP TRIGGER actors_cells_update ON actors;
DROP TRIGGER actors_cells_insert ON actors;
DROP FUNCTION actor_cells_truncate();
DROP FUNCTION actor_cells_maintain();
DROP FUNCTION actor_cells_sql(text);
DROP TABLE actor_cells;
