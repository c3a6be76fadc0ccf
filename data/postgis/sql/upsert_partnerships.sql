-- Insert or update partnerships by id. scale and geom are not listed: the
-- partnerships_derive trigger fills them on insert and whenever actor_a or
-- actor_b is written.
INSERT INTO partnerships AS t (id, actor_a, actor_b, category, domain, start_date, end_date)
SELECT s.id, s.actor_a, s.actor_b, s.category, s.domain, s.start_date, s.end_date
  FROM stage_partnerships s
ON CONFLICT (id) DO UPDATE SET
    actor_a = excluded.actor_a, actor_b = excluded.actor_b, category = excluded.category,
    domain = excluded.domain, start_date = excluded.start_date, end_date = excluded.end_date
WHERE (t.actor_a, t.actor_b, t.category, t.domain, t.start_date, t.end_date)
      IS DISTINCT FROM
      (excluded.actor_a, excluded.actor_b, excluded.category, excluded.domain,
       excluded.start_date, excluded.end_date)
