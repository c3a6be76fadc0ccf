-- Run once per connection (configureSession in config.go says why each).
-- $1 is statement_timeout in milliseconds, '0' for none.
SELECT set_config('statement_timeout', $1, false),
       set_config('max_parallel_workers_per_gather', '0', false),
       set_config('jit', 'off', false),
       set_config('random_page_cost', '1.1', false),
       set_config('plan_cache_mode', 'auto', false)
