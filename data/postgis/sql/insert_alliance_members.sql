-- Insert (with conflict_alliance_members.sql: or update) alliance members by (alliance, actor).
INSERT INTO alliance_members AS t (alliance, actor, role)
SELECT s.alliance, s.actor, s.role
  FROM stage_alliance_members s
