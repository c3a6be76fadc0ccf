CREATE TEMP TABLE stage_partnerships (
    id bigint, actor_a bigint, actor_b bigint, category text, domain text,
    start_date date, end_date date, stage text
) ON COMMIT DROP
