-- Insert (with conflict_partnerships.sql: or update) partnerships by id. scale and geom are not listed: the
-- partnerships_derive trigger fills them on insert and whenever actor_a or
-- actor_b is written.
INSERT INTO partnerships AS t (id, actor_a, actor_b, category, domain, start_date, end_date, stage)
SELECT s.id, s.actor_a, s.actor_b, s.category, s.domain, s.start_date, s.end_date, s.stage
  FROM stage_partnerships s
