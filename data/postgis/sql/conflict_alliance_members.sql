-- What makes insert_alliance_members.sql an upsert on the row path (stage.go):
-- a row whose key exists updates it, only when something changed.
ON CONFLICT (alliance, actor) DO UPDATE SET role = excluded.role
WHERE t.role IS DISTINCT FROM excluded.role
