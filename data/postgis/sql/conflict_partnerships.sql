-- What makes insert_partnerships.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
ON CONFLICT (id) DO UPDATE SET
    actor_a = excluded.actor_a, actor_b = excluded.actor_b, category = excluded.category,
    domain = excluded.domain, start_date = excluded.start_date, end_date = excluded.end_date,
    stage = excluded.stage
WHERE (t.actor_a, t.actor_b, t.category, t.domain, t.start_date, t.end_date, t.stage)
      IS DISTINCT FROM
      (excluded.actor_a, excluded.actor_b, excluded.category, excluded.domain,
       excluded.start_date, excluded.end_date, excluded.stage)
