-- The secondary indexes (those backing no constraint) and the foreign keys
-- of table $1, each as the statement dropping it and the one creating it
-- again, from the catalogue's own definitions (bulk.go). Indexes come
-- first: they are rebuilt before the keys are checked.
SELECT format('DROP INDEX %I.%I', n.nspname, ci.relname), pg_get_indexdef(i.indexrelid)
  FROM pg_index i
  JOIN pg_class ci ON ci.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = ci.relnamespace
 WHERE i.indrelid = $1::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
UNION ALL
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', $1::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', $1::regclass, c.conname, pg_get_constraintdef(c.oid))
  FROM pg_constraint c
 WHERE c.conrelid = $1::regclass AND c.contype = 'f'
