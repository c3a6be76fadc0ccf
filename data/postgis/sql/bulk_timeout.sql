-- Settings of a bulk load or import, for the rest of its transaction only:
-- statement_timeout raised to $1; plan_cache_mode auto (the session's
-- already, said again so that the triggers' lookups and the foreign-key
-- checks are planned once, never per row: forcing custom plans once made
-- 12 000 partnerships spend 3.9 s planning them).
SELECT set_config('statement_timeout', $1, true),
       set_config('plan_cache_mode', 'auto', true)
