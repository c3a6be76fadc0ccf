package postgis

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
)

// LoadDataset writes a whole in-memory dataset (the demo) in the load order
// of data.ImportKinds, each kind through COPY and an upsert by key. It runs in
// one transaction: a dataset is useful only whole, so a failure anywhere
// leaves the database as it was, and one commit is faster than seven.
// Loading the same dataset again changes nothing. Derived values (scales,
// alliance points and histories) are computed by the database, not read from
// ds. progress, which may be nil, is told the rows written so far out of
// the dataset's total. A positive ds.ScaleFactor replaces the stored one.
func (s *Store) LoadDataset(ctx context.Context, ds *dataset.Dataset, progress data.Progress) error {
	return s.ImportDataset(ctx, ds, data.Author{Name: "load of a dataset"}, progress)
}

// ImportDataset is LoadDataset with the author the history records for
// its changes (`maillage import dataset DIR` names the directory).
func (s *Store) ImportDataset(ctx context.Context, ds *dataset.Dataset, author data.Author, progress data.Progress) error {
	return s.importParts(ctx, ds, datasetParts(nil, nil, nil), author, progress)
}

// ImportParts is ImportDataset of a dataset being read (dataset.ReadParts):
// it writes each part as soon as it is read, while the next is read: the
// places while the actors are read (about 5 s each on national data), the
// actors while the partnerships are (2.5 s of reading against 20 s of
// writing). A file with bad rows fails the transaction, whichever part it
// is in: nothing is written.
func (s *Store) ImportParts(ctx context.Context, parts *dataset.Parts, author data.Author, progress data.Progress) error {
	return s.importParts(ctx, parts.Dataset, datasetParts(parts.Places, parts.Actors, parts.Partnerships), author, progress)
}

// datasetPart is a part of a dataset's stages: wait (nil: nothing to wait
// for) returns once the part's rows are in the dataset, or why they will
// not be; stages lists them then.
type datasetPart struct {
	wait   func() error
	stages func(*dataset.Dataset) []stage
}

// importParts writes ds in one transaction, each part's stages once it is
// ready. progress's total grows as the parts come.
func (s *Store) importParts(ctx context.Context, ds *dataset.Dataset, parts []datasetPart, author data.Author, progress data.Progress) error {
	var written []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setBulkTimeout(ctx, tx); err != nil {
			return err
		}
		if err := setAuthor(ctx, tx, author); err != nil {
			return err
		}
		if ds.ScaleFactor > 0 {
			if _, err := tx.Exec(ctx, fixedSQL("set_scale_factor"), ds.ScaleFactor); err != nil {
				return fmt.Errorf("scale factor: %w", err)
			}
		}
		done, total := 0, 0
		for _, part := range parts {
			if part.wait != nil {
				if err := part.wait(); err != nil {
					return err
				}
			}
			stages := part.stages(ds)
			for _, st := range stages {
				total += st.n
			}
			for _, st := range stages {
				var report func(int)
				if progress != nil {
					base := done
					report = func(n int) { progress(base+n, total) }
				}
				if _, err := st.run(ctx, tx, s.bulkRows, report); err != nil {
					return err
				}
				done += st.n
			}
		}
		if err := countDeferred(ctx, tx); err != nil {
			return err
		}
		var err error
		written, err = writtenTables(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgis: load dataset: %w", translate(ctx, err))
	}
	// This process's next reads see the load, as after Import, rather than
	// the version kept from before it until the database's notification
	// arrives (version_watch.go).
	s.watch.forget()
	return s.analyze(ctx, written)
}

// writtenTables lists the tables tx has inserted, updated or deleted rows
// of so far, the summaries its triggers and statements filled included,
// as PostgreSQL counts them for the transaction (pg_stat_xact_user_tables):
// no list to keep up to date. Temporary tables (the staging ones) are
// gone with the transaction. The most written come first: analyze starts
// on them.
func writtenTables(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, _ := tx.Query(ctx, `SELECT s.schemaname, s.relname FROM pg_stat_xact_user_tables s
	                            JOIN pg_class c ON c.oid = s.relid
	                           WHERE s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0 AND c.relpersistence <> 't'
	                           ORDER BY s.n_tup_ins + s.n_tup_upd + s.n_tup_del DESC, 1, 2`)
	tables, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (string, error) {
		var schema, table string
		err := row.Scan(&schema, &table)
		return pgx.Identifier{schema, table}.Sanitize(), err
	})
	if err != nil {
		return nil, fmt.Errorf("tables written: %w", err)
	}
	return tables, nil
}

// analyze refreshes the planner's statistics of tables (writtenTables)
// after a bulk write. Without them a freshly loaded table looks empty to
// the planner (estimates of one row where a bbox holds thousands), and it
// picks nested loops and sorts that make pages several times slower until
// autovacuum gets round to it. Only the tables written: the whole database
// took 6.2 s after an import of 15 000 alliances into a national database.
// Each ANALYZE reads and sorts its own sample on one core: two connections
// share the tables out (after a national load, actors and partnerships,
// 1 s each, side by side rather than one after the other).
func (s *Store) analyze(ctx context.Context, tables []string) error {
	const connections = 2
	queue := make(chan string, len(tables))
	for _, t := range tables {
		queue <- t
	}
	close(queue)
	errs := make([]error, connections)
	var wg sync.WaitGroup
	for i := range min(connections, len(tables)) {
		wg.Go(func() {
			for t := range queue {
				if _, err := s.pool.Exec(ctx, "ANALYZE "+t); err != nil {
					errs[i] = fmt.Errorf("postgis: analyze %s after load: %w", t, translate(ctx, err))
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// bulkStatementTimeout bounds each statement of a bulk load or import: far
// above a request's timeout, since one COPY or upsert may write hundreds of
// thousands of rows, yet finite so a stuck load ends. A national-size load
// (1.2 M partnerships, each derived by a trigger and written into eight
// indexes and two summaries) ran past 15 minutes on a 2-core machine.
const bulkStatementTimeout = "2h"

// setBulkTimeout raises statement_timeout for the rest of tx only, and lets
// PostgreSQL reuse the plans of the statements triggers run once per row
// (sql/bulk_timeout.sql).
func setBulkTimeout(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, fixedSQL("bulk_timeout"), bulkStatementTimeout)
	return err
}

// datasetStages lists the stages of ds in load order.
func datasetStages(ds *dataset.Dataset) []stage {
	var stages []stage
	for _, part := range datasetParts(nil, nil, nil) {
		stages = append(stages, part.stages(ds)...)
	}
	return stages
}

// datasetParts are a dataset's stages in load order, in three parts that
// wait for their rows when given a wait: the places, the actors, then the
// partnerships and alliances. When the partnerships are counted as they
// are copied (stage_tally.go), their tally counts the actors' classes too,
// once the actors' stage has copied the dataset's actors into the empty
// table (stage_classes.go).
func datasetParts(places, actors, partnerships func() error) []datasetPart {
	var classes *actorClasses
	return []datasetPart{
		{wait: places, stages: func(ds *dataset.Dataset) []stage {
			return []stage{
				territoriesStage(ds.Territories),
				indicatorsStage(ds.Indicators),
				indicatorValuesStage(ds.IndicatorValues),
			}
		}},
		{wait: actors, stages: func(ds *dataset.Dataset) []stage {
			st := actorsStage(ds.Actors)
			classes = &actorClasses{actors: ds.Actors}
			st.bulk.written = func() { classes.written = true } // actorsStage's own bulkWrite
			return []stage{st}
		}},
		{wait: partnerships, stages: func(ds *dataset.Dataset) []stage {
			st := loadedPartnershipsStage(ds)
			if st.bulk.tally != nil {
				st.bulk.tally.classes = classes
			}
			return []stage{st, alliancesStage(ds.Alliances), allianceMembersStage(membersOf(ds.Alliances))}
		}},
	}
}
