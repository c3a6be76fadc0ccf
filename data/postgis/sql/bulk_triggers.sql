-- The triggers of table $1 named in $2 that a bulk write sets aside
-- (bulk.go), each as the statement dropping it and the one creating it
-- again, from the catalogue's own definition. Dropped, not disabled: a
-- disabled trigger with a transition table still makes PostgreSQL keep
-- every inserted row for it (the relation's trigger flags count disabled
-- triggers too), 2 s of a COPY of 1.85 M actors.
SELECT format('DROP TRIGGER %I ON %s', t.tgname, t.tgrelid::regclass), pg_get_triggerdef(t.oid)
  FROM pg_trigger t
 WHERE t.tgrelid = $1::regclass
   AND t.tgname = ANY ($2::text[])
   AND NOT t.tgisinternal
 ORDER BY t.tgname
