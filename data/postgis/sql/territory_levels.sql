-- The levels of the territories a bare code names (a région and a
-- département may share one).
SELECT level FROM territories WHERE code = $1
