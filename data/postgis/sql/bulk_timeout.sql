-- Raise statement_timeout to $1 for the rest of the transaction only.
SELECT set_config('statement_timeout', $1, true)
