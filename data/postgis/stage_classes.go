package postgis

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/geo"
)

// A dataset loaded whole into empty tables leaves actor_class_counts to
// count afresh (defer_recount, migration 00030): its actors were copied
// with the classes' trigger set aside, and so were the tallies. The count
// joins 1.85 M actors to 533 000 tallies and groups them: 4.5–6.3 s of a
// national load, on one backend, once everything else is written. When
// the actors' rows are the dataset's own (the bulk path copied them into
// the empty table) and the tallies are the partnerships' tally's (copied
// into the empty summary), the classes are counted here instead, from the
// same values, in well under a second, and copied into the summary; the
// recount marked for the commit is then unmarked. Otherwise (a table that
// held rows took the row path, an import of one file) the recount stays.
// TestBulkLoadEqualsRowLoad holds the rows to the triggers' and to a fresh
// count.

// actorClasses are the actors of a dataset, for counting their classes
// once they are known to be the actors table's rows.
type actorClasses struct {
	actors []geo.Actor
	// written says the bulk path copied actors, and only them, into the
	// empty actors table of this transaction.
	written bool
}

// classKey is a row of actor_class_counts but its counts, as
// actor_class_counts_sql groups an actor (migration 00023).
type classKey struct {
	commune                                                     string // "" for none
	fr, association, employer, insertion, employees10, over1000 bool
	group                                                       string // an association's group, "" for none
}

// classCounts are a classKey's counts in the table's column order:
// actors, partnering, ends, then the actors with at least one end of each
// of actorTally's kinds but the first.
type classCounts [3 + 8]int64

// classOf is a's row key, and whether a is counted at all: only active
// associations and companies are.
func classOf(a *geo.Actor) (classKey, bool) {
	association := a.Kind == geo.KindAssociation
	if a.Inactive || !association && a.Kind != geo.KindEntreprise {
		return classKey{}, false
	}
	k := classKey{commune: a.CommuneCode, fr: countryOrFrance(a.Country) == "FR", association: association,
		employer: a.Employer, insertion: a.Insertion, employees10: a.Employees >= 10, over1000: a.Employees >= 1000}
	if association && !a.Insertion {
		k.group = "autre" // coalesce(domains[1], 'autre')
		if len(a.Domains) > 0 {
			k.group = string(a.Domains[0])
		}
	}
	return k, true
}

// count groups the actors by class with their tallies: tallied and
// tallies are partnershipTally's, whose ends are the actors in the same
// order (endsOf).
func (c *actorClasses) count(tallied []int32, tallies []actorTally) map[classKey]*classCounts {
	counts := map[classKey]*classCounts{}
	for i := range c.actors {
		k, ok := classOf(&c.actors[i])
		if !ok {
			continue
		}
		n := counts[k]
		if n == nil {
			n = new(classCounts)
			counts[k] = n
		}
		n[0]++
		if tallied[i] == 0 {
			continue
		}
		tally := &tallies[tallied[i]-1]
		if tally[0] > 0 {
			n[1]++
		}
		n[2] += tally[0]
		for j, m := range tally[1:] {
			if m > 0 {
				n[3+j]++
			}
		}
	}
	return counts
}

// writeClasses replaces actor_class_counts by counts (count's), in its
// key's order (rank: collationRanks'; stage_tally_order.go), and unmarks
// the recount the bulk writes marked.
func writeClasses(ctx context.Context, tx pgx.Tx, counts map[classKey]*classCounts, rank map[string]int) error {
	keys := slices.Collect(maps.Keys(counts))
	slices.SortFunc(keys, func(x, y classKey) int {
		return cmp.Or(cmp.Compare(x.commune, y.commune), compareBool(x.fr, y.fr),
			compareBool(x.association, y.association), compareBool(x.employer, y.employer),
			compareBool(x.insertion, y.insertion), compareBool(x.employees10, y.employees10),
			compareBool(x.over1000, y.over1000), cmp.Compare(rank[x.group], rank[y.group]))
	})
	columns := append([]string{"commune", "fr", "association", "employer", "insertion", "employees10", "employees1000", "grp",
		"actors", "partnering"}, tallyKindColumns()...)
	rows := func(yield func([]any) bool) {
		for _, k := range keys {
			n := counts[k]
			row := append(make([]any, 0, len(columns)), k.commune, k.fr, k.association, k.employer, k.insertion,
				k.employees10, k.over1000, k.group)
			for _, m := range n {
				row = append(row, m)
			}
			if !yield(row) {
				return
			}
		}
	}
	// Copied with its key, in its order: 229 000 national rows, 0.57 s;
	// 0.8 s in a map's order, as long as a copy without the key and the
	// key built after.
	if _, err := tx.Exec(ctx, "TRUNCATE actor_class_counts"); err != nil {
		return fmt.Errorf("actor_class_counts: %w", translate(ctx, err))
	}
	if err := copySeq(ctx, tx, "actor_class_counts", columns, rows); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "SELECT undefer_recount('actor_class_counts')"); err != nil {
		return fmt.Errorf("actor_class_counts: %w", translate(ctx, err))
	}
	return nil
}

// copySeq copies rows, made as COPY asks for them, into table's columns.
func copySeq(ctx context.Context, tx pgx.Tx, table string, columns []string, rows iter.Seq[[]any]) error {
	next, stop := iter.Pull(rows)
	defer stop()
	_, err := copyFrom(ctx, tx, table, columns, pgx.CopyFromFunc(func() ([]any, error) {
		row, _ := next()
		return row, nil
	}), false)
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, translate(ctx, err))
	}
	return nil
}
