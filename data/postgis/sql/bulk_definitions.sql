-- What a bulk write of table $1 drops and creates again (bulk.go), each as
-- the statement dropping it, the one creating it again, and its step:
--   1. the secondary indexes (those backing no constraint);
--   2. the primary key: a million keys inserted in the order the rows come
--      (actors come by commune, their ids at random) cost half the insert,
--      a sorted build after it a tenth of that;
--   3. the table's foreign keys;
--   4. the foreign keys of other tables naming this one, which the primary
--      key carries (the table is empty, so no row can name it: adding
--      them back checks nothing).
-- Drops go from the last step to the first, creations from the first:
-- indexes are rebuilt before the keys are checked.
SELECT d.drop_sql, d.create_sql
  FROM (SELECT format('DROP INDEX %I.%I', n.nspname, ci.relname) AS drop_sql,
               pg_get_indexdef(i.indexrelid) AS create_sql, 1 AS step
          FROM pg_index i
          JOIN pg_class ci ON ci.oid = i.indexrelid
          JOIN pg_namespace n ON n.oid = ci.relnamespace
         WHERE i.indrelid = $1::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        UNION ALL
        SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
               format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)),
               CASE WHEN c.contype = 'p' THEN 2 WHEN c.conrelid = $1::regclass THEN 3 ELSE 4 END
          FROM pg_constraint c
         WHERE (c.conrelid = $1::regclass AND c.contype IN ('p', 'f'))
            OR (c.confrelid = $1::regclass AND c.contype = 'f' AND c.conrelid <> $1::regclass)) d
 ORDER BY d.step
