-- The columns of a geo.Partnership, with its derived scale; Partnership and
-- Observatory add their WHERE.
SELECT p.id, p.actor_a, p.actor_b, p.category, p.domain, p.start_date, p.end_date, p.scale, p.stage
  FROM partnerships p
