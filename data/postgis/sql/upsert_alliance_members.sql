-- Insert or update alliance members by (alliance, actor).
INSERT INTO alliance_members AS t (alliance, actor, role)
SELECT s.alliance, s.actor, s.role
  FROM stage_alliance_members s
ON CONFLICT (alliance, actor) DO UPDATE SET role = excluded.role
WHERE t.role IS DISTINCT FROM excluded.role
