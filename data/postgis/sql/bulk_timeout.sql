-- Settings of a bulk load or import, for the rest of its transaction only:
-- statement_timeout raised to $1; plan_cache_mode back to auto, since the
-- session's force_custom_plan (right for keyset pages, see config.go)
-- would re-plan the derive trigger's lookup and the foreign-key checks for
-- every row written: 12 000 partnerships spent 3.9 s planning them.
SELECT set_config('statement_timeout', $1, true),
       set_config('plan_cache_mode', 'auto', true)
