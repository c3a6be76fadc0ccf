package postgis

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// A bulk write fills an empty table with many rows (a national load: 1.85 M
// actors, 1.2 M partnerships, 418 500 indicator values), where writing row
// by row into a table with a dozen indexes, two foreign keys and a row
// trigger took minutes, and an upsert checks every row for a conflict
// (the indicator values: 4.9 s by upsert, 1.9 s in bulk). The same
// transaction instead:
//
//   - drops the table's secondary indexes, its primary key and the foreign
//     keys from and to it, as the catalogue defines them
//     (sql/bulk_definitions.sql says in which order and why the key too);
//   - locks the table and truncates it: no row changes, but the table
//     gets a new file, which PostgreSQL fills without writing WAL when
//     wal_level is minimal;
//   - for partnerships, drops the row trigger that derives each one's
//     scale, line and ends and writes those columns itself, column for
//     column as the trigger's partnership_ends (migration 00013) does: for
//     a dataset loaded whole, computed in Go and copied with the rows
//     (stage_derived.go); for a file, by joining the staged rows to their
//     actors and communes as sets (sql/bulk_insert_partnerships.sql).
//     TestBulkLoadEqualsRowLoad checks the bulk and row paths write the
//     same rows;
//   - drops the summaries' statement triggers (sql/bulk_triggers.sql says
//     why dropped rather than disabled), writes the rows — actors by COPY
//     straight into the table (bulkWrite.copyInto), the others by the
//     stage's statement (the data version's trigger still runs) — and
//     fills the summaries at once: partnerships derived in Go are counted
//     there as they are copied, and their counts copied into the empty
//     summaries (bulkWrite.tally, stage_tally.go), with the actors'
//     classes when the actors were copied from the same dataset
//     (stage_classes.go); otherwise from the whole
//     table (bulk_summaries, migrations 00018 and 00025: the triggers'
//     grouping, or for the flows and the territory counts an equal one
//     PostgreSQL can run with two workers, inserted into the empty
//     summaries without their ORDER BY and ON CONFLICT, which took half
//     their time);
//   - creates the triggers again, rebuilds the indexes and the primary key
//     (a sorted build, much faster than a million inserts) and adds the
//     foreign keys back, which checks every row at once.
//
// All of it is DDL inside the load's transaction: a failure or a killed
// process rolls it back with the rows, and the table is as it was. The
// table is locked for the transaction, which a load of an empty table can
// afford. A table that holds rows, or a stage of fewer than
// Config.BulkRows rows,
// takes the row path: upserts fired row by row, with every index kept.

// DefaultBulkRows is the fewest rows a stage writes through the bulk path
// unless Config says otherwise: below it, the row path into an empty
// table costs seconds at most.
const DefaultBulkRows = 50_000

// bulkWrite says how a stage writes in bulk.
type bulkWrite struct {
	table string // the table, as in the catalogue (a fixed name)
	// rowTriggers are the row triggers set aside for the insert, their
	// work done by insertSQL instead.
	rowTriggers []string
	// summaryTriggers are the statement triggers keeping the table's
	// summaries, set aside for the insert; bulk_summaries fills the
	// summaries after it.
	summaryTriggers []string
	// summaries are the tables bulk_summaries fills from this one. Those
	// still empty are filled without their indexes, built after: the
	// sorted build of the 900 000 keys of partnership_flow_counts took
	// 1.8 s where inserting them one by one took 4.
	summaries []string
	// insertSQL names sql/<insertSQL>.sql, the statement writing the staged
	// rows; empty means the stage's own insert (sql/insert_<name>.sql).
	insertSQL string
	// history says the table's rows have a history (a <table>_history_insert
	// trigger, migration 00020): the load is one history row instead.
	history bool
	// tally, when set, counts the summaries as the rows are made for COPY
	// (stage_tally.go); fillSummaries copies its counts into them instead
	// of running bulk_summaries.
	tally *partnershipTally
	// copyInto says the bulk path copies the stage's rows straight into
	// the table: its rows are the table's own columns as stored (actorRow),
	// or stage.stored gives those. Staging 1.85 M actors and inserting them
	// again took 6 s + 10 s.
	copyInto bool
	// written, when set, is told once the bulk path has written the rows
	// and everything they need (a dataset's partnerships then count its
	// actors' classes: datasetParts).
	written func()
}

// bulkInto reports whether st writes through the bulk path in tx: it has a
// bulk form, at least minRows rows, and its table is empty. An empty table
// is locked before it is found empty again, so no row another transaction
// commits meanwhile can be truncated away (writeBulk).
func (st stage) bulkInto(ctx context.Context, tx pgx.Tx, minRows int) (bool, error) {
	if st.bulk == nil || st.n < minRows {
		return false, nil
	}
	if empty, err := tableEmpty(ctx, tx, st.bulk.table); err != nil || !empty {
		return false, err
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+pgx.Identifier{st.bulk.table}.Sanitize()+" IN ACCESS EXCLUSIVE MODE"); err != nil {
		return false, err
	}
	return tableEmpty(ctx, tx, st.bulk.table)
}

// tableEmpty reports whether table (a fixed name) holds no row.
func tableEmpty(ctx context.Context, tx pgx.Tx, table string) (bool, error) {
	var empty bool
	err := tx.QueryRow(ctx, "SELECT NOT EXISTS (SELECT 1 FROM "+pgx.Identifier{table}.Sanitize()+")").Scan(&empty)
	return empty, err
}

// writeBulk writes the rows of st into its empty table (see above) by
// write: a COPY straight into the table, or the insert of the staged rows.
func (st stage) writeBulk(ctx context.Context, tx pgx.Tx, write func() error) error {
	b := st.bulk
	table := pgx.Identifier{b.table}.Sanitize()
	// bulk_summaries aggregates the whole table into the summaries
	// (900 000 groups of flows for 1.2 M partnerships), and the
	// partnerships' insert hashes 1.85 M actors twice: with the session's
	// work_mem their hash tables spilled to disk (the summaries: 31 s
	// against 20 s).
	if _, err := tx.Exec(ctx, "SET LOCAL work_mem = '1GB'"); err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, err)
	}
	restore, err := dropIndexesAndKeys(ctx, tx, b.table)
	if err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, err)
	}
	// The history keeps one 'load' row for the whole table, not one per
	// row (migration 00020): the load of an empty table is one change.
	triggers := append(slices.Clone(b.rowTriggers), b.summaryTriggers...)
	if b.history {
		triggers = append(triggers, b.table+"_history_insert")
	}
	recreate, err := dropTriggers(ctx, tx, b.table, triggers)
	if err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, err)
	}
	// The table is empty and locked (bulkInto): truncating it changes no
	// row, but gives it a new file, and with wal_level = minimal
	// PostgreSQL writes no WAL for a file created in the transaction that
	// fills it. Its TRUNCATE triggers empty the summaries the same way.
	if _, err := tx.Exec(ctx, "TRUNCATE "+table); err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, translate(ctx, err))
	}
	if b.tally != nil {
		day, err := readSummaryDay(ctx, tx)
		if err != nil {
			return fmt.Errorf("bulk %s: summary day: %w", b.table, translate(ctx, err))
		}
		b.tally.start(day)
	}
	if err := write(); err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, err)
	}
	if err := execAll(ctx, tx, recreate); err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, err)
	}
	if b.history {
		if _, err := tx.Exec(ctx, fixedSQL("history_load"), b.table, st.n); err != nil {
			return fmt.Errorf("bulk %s: history: %w", b.table, translate(ctx, err))
		}
	}
	if len(b.summaryTriggers) > 0 {
		if err := fillSummaries(ctx, tx, b); err != nil {
			return fmt.Errorf("bulk %s: summaries: %w", b.table, err)
		}
	}
	if err := execAll(ctx, tx, restore); err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, err)
	}
	if b.written != nil {
		b.written()
	}
	return nil
}

// insertStaged writes the staged rows of st into its empty table: the
// stage's own insert (no conflict to resolve), or b.insertSQL.
func (st stage) insertStaged(ctx context.Context, tx pgx.Tx) error {
	insert := "insert_" + st.name
	if st.bulk.insertSQL != "" {
		insert = st.bulk.insertSQL
	}
	if _, err := tx.Exec(ctx, fixedSQL(insert)); err != nil {
		return translate(ctx, err)
	}
	return nil
}

// fillSummaries fills the summaries of b.table, those still empty without
// their indexes: from b.tally when every one is empty, otherwise from the
// whole table (bulk_summaries).
func fillSummaries(ctx context.Context, tx pgx.Tx, b *bulkWrite) error {
	var restore []string
	emptied := 0
	for _, summary := range b.summaries {
		empty, err := tableEmpty(ctx, tx, summary)
		if err != nil {
			return err
		}
		if !empty {
			continue
		}
		emptied++
		r, err := dropIndexesAndKeys(ctx, tx, summary)
		if err != nil {
			return err
		}
		restore = append(restore, r...)
	}
	if b.tally != nil && emptied == len(b.summaries) {
		if err := b.tally.write(ctx, tx); err != nil {
			return err
		}
	} else if _, err := tx.Exec(ctx, "SELECT bulk_summaries($1)", b.table); err != nil {
		return translate(ctx, err)
	}
	return execAll(ctx, tx, restore)
}

// execAll runs stmts (the drops and creations of the catalogue's own
// definitions) in order, stopping at the first that fails, which it names.
func execAll(ctx context.Context, tx pgx.Tx, stmts []string) error {
	for _, stmt := range stmts {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, translate(ctx, err))
		}
	}
	return nil
}

// dropTriggers drops the triggers of table named in names and returns the
// statements that create them again (sql/bulk_triggers.sql). A name the
// table has no trigger of is an error: the bulk path would otherwise run
// a trigger it means to replace.
func dropTriggers(ctx context.Context, tx pgx.Tx, table string, names []string) (recreate []string, err error) {
	drops, recreate, err := definitions(ctx, tx, "bulk_triggers", table, names)
	if err != nil {
		return nil, err
	}
	if len(drops) != len(names) {
		return nil, fmt.Errorf("triggers %v: %d found on %s", names, len(drops), table)
	}
	if err := execAll(ctx, tx, drops); err != nil {
		return nil, err
	}
	return recreate, nil
}

// dropIndexesAndKeys drops the secondary indexes (those backing no
// constraint), the primary key and the foreign keys from and to table,
// and returns the statements that create them again, from the catalogue's
// own definitions, in the order they must run (keys after the indexes
// they need).
func dropIndexesAndKeys(ctx context.Context, tx pgx.Tx, table string) (restore []string, err error) {
	drops, restore, err := definitions(ctx, tx, "bulk_definitions", table)
	if err != nil {
		return nil, err
	}
	// A key others name goes after their keys: drop in the reverse order.
	slices.Reverse(drops)
	if err := execAll(ctx, tx, drops); err != nil {
		return nil, err
	}
	return restore, nil
}

// definitions runs sql/<query>.sql, whose rows are each a statement
// dropping something and the statement creating it again.
func definitions(ctx context.Context, tx pgx.Tx, query string, args ...any) (drops, creates []string, err error) {
	rows, err := tx.Query(ctx, fixedSQL(query), args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var drop, create string
		if err := rows.Scan(&drop, &create); err != nil {
			return nil, nil, err
		}
		drops, creates = append(drops, drop), append(creates, create)
	}
	return drops, creates, rows.Err()
}

// countDeferred counts now the summaries a bulk write of tx left to count
// afresh at commit (deferred_recounts, migration 00030), so that tx's
// caller can analyze them with the rest of what it wrote.
func countDeferred(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, "SET CONSTRAINTS deferred_recounts_run IMMEDIATE"); err != nil {
		return fmt.Errorf("deferred recounts: %w", translate(ctx, err))
	}
	return nil
}
