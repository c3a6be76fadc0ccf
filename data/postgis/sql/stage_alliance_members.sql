CREATE TEMP TABLE stage_alliance_members (
    alliance bigint, actor bigint, role text
) ON COMMIT DROP
