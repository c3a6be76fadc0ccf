package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data/postgis/pgtest"
)

// TestMain runs the binary's main instead of the tests when asked to, so a
// test can start the real command as a process of its own and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("MAILLAGE_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKilledLoadLeavesNothing starts `maillage demo load` as a process, in
// bulk (its actors and partnerships are written with their table's indexes
// and keys dropped and rebuilt, its trigger turned off), and kills it with
// SIGKILL once both are written, inside its transaction: the test holds a
// lock on the alliance members, which the load writes last, and kills the
// load when PostgreSQL shows it waiting for that lock. (Not the alliances:
// the territories' trigger keeping each territory's alliance history reads
// them as the load begins.) The database must then be
// exactly as before: no row, the same data version, every index, key and
// trigger as it was.
func TestKilledLoadLeavesNothing(t *testing.T) {
	t.Parallel()
	url := migratedDatabaseURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	before := databaseState(t, conn)

	out := killedWhileWaiting(t, conn, url, "alliance_members", "demo", "load", "--database-url", url, "--bulk-rows", "1000")
	if after := databaseState(t, conn); !slices.Equal(before, after) {
		t.Errorf("the database changed:\nbefore %v\nafter  %v", before, after)
	}
	if !strings.Contains(out, "demo:") {
		t.Errorf("the load showed no progress before it was killed:\n%s", out)
	}
}

// TestKilledImportLeavesNothing does the same to `maillage import` of a
// partnerships file, in bulk (the table's indexes and keys dropped, its
// rows derived in Go and copied): killed while it waits to fill the
// partnership flows summary, which the test holds locked.
func TestKilledImportLeavesNothing(t *testing.T) {
	t.Parallel()
	url := migratedDatabaseURL(t)
	ctx := context.Background()
	env := map[string]string{"MAILLAGE_DATABASE_URL": url, "MAILLAGE_BULK_ROWS": "1"}
	for _, f := range []struct{ kind, file string }{{"territories", "territories.geojson"}, {"actors", "actors.csv"}} {
		if code, _, errOut := run(t, ctx, env, "import", f.kind, filepath.Join("testdata", "dataset", f.file)); code != 0 {
			t.Fatalf("import %s: exit %d: %s", f.kind, code, errOut)
		}
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	before := databaseState(t, conn)
	out := killedWhileWaiting(t, conn, url, "partnership_flow_counts", "import", "partnerships",
		filepath.Join("testdata", "dataset", "partnerships.csv"), "--database-url", url, "--bulk-rows", "1")
	if after := databaseState(t, conn); !slices.Equal(before, after) {
		t.Errorf("the database changed:\nbefore %v\nafter  %v", before, after)
	}
	if !strings.Contains(out, "100% read") {
		t.Errorf("the import showed no progress before it was killed:\n%s", out)
	}
}

// killedWhileWaiting runs the test binary as `maillage args...`, with table
// locked by another transaction, kills it with SIGKILL once PostgreSQL
// shows one of its statements waiting for a lock, and returns its output
// once PostgreSQL has ended its session (rolling its transaction back):
// the database's only sessions must then be conn's and the lock holder's.
func killedWhileWaiting(t *testing.T, conn *pgx.Conn, url, table string, args ...string) string {
	t.Helper()
	ctx := context.Background()
	holder, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(ctx)
	hold, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(ctx, "LOCK TABLE "+pgx.Identifier{table}.Sanitize()+" IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}

	var out syncBuffer
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "MAILLAGE_TEST_RUN_MAIN=1")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var waiting bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1)`, holder.PgConn().PID()).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("maillage %v ended (%v) before it reached %s:\n%s", args[:2], err, table, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("maillage %v never waited for %s:\n%s", args[:2], table, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	// PostgreSQL rolls the transaction back once it sees its connection
	// gone; wait for its session to end.
	for {
		var others int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> $1",
			holder.PgConn().PID()).Scan(&others); err != nil {
			t.Fatal(err)
		}
		if others == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the killed maillage %v's session is still there", args[:2])
		}
		time.Sleep(50 * time.Millisecond)
	}
	return out.String()
}

// databaseState lists what a failed load must not change: each data
// table's row count, the data version, and the schema's indexes,
// constraints and triggers (pgtest.Schema).
func databaseState(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	out := pgtest.Lines(t, conn, `
		SELECT 'rows ' || t || ' ' || (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || t, false, true, '')))[1]::text
		  FROM unnest(ARRAY['territories', 'indicators', 'indicator_values', 'actors', 'partnerships',
		                    'alliances', 'alliance_members', 'partnership_flow_counts', 'territory_partnership_counts',
		                    'actor_cells', 'actor_tallies', 'actor_class_counts', 'partnership_end_counts']) t
		UNION ALL
		SELECT 'version ' || version FROM data_version
		ORDER BY 1`)
	out = append(out, pgtest.Schema(t, conn)...)
	if len(out) < 40 {
		t.Fatalf("only %d lines of state: %v", len(out), out)
	}
	return out
}
