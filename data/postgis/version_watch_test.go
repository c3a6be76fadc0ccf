package postgis

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
)

// TestVersionWatch follows the kept version (version_watch.go) through the
// changes it must see: an analyst's edit from another session, this
// process's own import, and an edit after its listener was killed. A
// request carrying a log position, and any request after a write of this
// process, must see the change at once; the others as soon as the
// notification is in.
func TestVersionWatch(t *testing.T) {
	t.Parallel()
	s, url := loadedStoreAt(t)
	ctx := context.Background()
	analyst := connect(t, url)
	current := func() uint64 {
		t.Helper()
		v, err := readVersion(ctx, analyst)
		if err != nil {
			t.Fatal(err)
		}
		return v.N
	}
	// keptReaches waits for the listener to keep version n.
	keptReaches := func(step string, n uint64) {
		t.Helper()
		if v := waitKept(t, s, step, func(v data.Version) bool { return v.N >= n }); v.N != n {
			t.Fatalf("%s: kept version %d, past the database's %d", step, v.N, n)
		}
		if got, err := s.Version(ctx); err != nil || got.N != n {
			t.Fatalf("%s: Version %d (%v) while the kept version is %d", step, got.N, err, n)
		}
		if !s.Backends()[0].VersionNotified {
			t.Errorf("%s: the primary's status does not say its version is notified", step)
		}
	}
	keptReaches("after the load", current())

	edit := func() {
		t.Helper()
		if _, err := analyst.Exec(ctx, "UPDATE actors SET name = name || ' (bis)' WHERE id = 10"); err != nil {
			t.Fatal(err)
		}
	}
	edit()
	n := current()
	if v, err := s.Version(data.WithReadAfter(ctx, 1)); err != nil || v.N != n {
		t.Errorf("a request with a log position reads version %d (%v) right after an edit, want %d", v.N, err, n)
	}
	keptReaches("after an analyst's edit", n)

	if _, err := importCSV(t, s, data.ImportActors, actorsHeader+
		"501,Atelier du quai,entreprise,,,69123,FR,4.84,45.76,exact,12,,,services,local,education_jeunesse\n"); err != nil {
		t.Fatal(err)
	}
	n = current()
	gen := s.watch.generation()
	s.writtenPosition(ctx) // what every write of this process ends with
	if s.watch.generation() == gen {
		t.Error("a write of this process did not forget the kept version")
	}
	if v, err := s.Version(ctx); err != nil || v.N != n {
		t.Errorf("right after this process's import: version %d (%v), want %d", v.N, err, n)
	}
	keptReaches("after this process's import", n)

	var killed int
	if err := analyst.QueryRow(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
		listenerName).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("killing the listener: %d killed (%v), want 1", killed, err)
	}
	edit()
	keptReaches("after an edit while the listener was away", current())
}

// waitKept waits, 10 s at most, for the listener of s to keep a version
// want accepts, and returns it; step names the wait in a failure.
func waitKept(tb testing.TB, s *Store, step string, want func(data.Version) bool) data.Version {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		v, ok := s.watch.get(time.Now())
		if ok && want(v) {
			return v
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s: after 10 s the listener keeps version %d (trusted %v), not the one wanted", step, v.N, ok)
		}
	}
}

// TestVersionNotifiesOncePerTransaction checks migration 00026: a
// transaction of several changes notifies once, when it commits, and one
// rolled back not at all.
func TestVersionNotifiesOncePerTransaction(t *testing.T) {
	t.Parallel()
	_, url := loadedStoreAt(t)
	ctx := context.Background()
	listener, writer := connect(t, url), connect(t, url)
	if _, err := listener.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		t.Fatal(err)
	}
	notified := func(wait time.Duration) bool {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		_, err := listener.WaitForNotification(wctx)
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatal(err)
		}
		return err == nil
	}
	change := func(commit bool) {
		t.Helper()
		tx, err := writer.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"UPDATE actors SET name = name WHERE id = 10", "UPDATE partnerships SET domain = domain WHERE id < 5",
			"DELETE FROM alliances WHERE false"} {
			if _, err := tx.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if commit {
			err = tx.Commit(ctx)
		} else {
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	change(true)
	if !notified(10 * time.Second) {
		t.Fatal("no notification for a committed change")
	}
	if notified(300 * time.Millisecond) {
		t.Error("a second notification for one transaction")
	}
	change(false)
	if notified(300 * time.Millisecond) {
		t.Error("a notification for a rolled back change")
	}
}

// TestVersionWatchKeep checks the kept version's rules without a database:
// a read begun before a forget is not kept, and a version is trusted for
// watchTrust after its read began.
func TestVersionWatchKeep(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	var w versionWatch
	if _, ok := w.get(at); ok {
		t.Fatal("a version trusted before any read")
	}
	gen := w.generation()
	w.keep(data.Version{N: 7}, gen, at)
	for _, c := range []struct {
		at   time.Time
		want bool
	}{{at, true}, {at.Add(watchTrust), true}, {at.Add(watchTrust + time.Nanosecond), false}} {
		if v, ok := w.get(c.at); ok != c.want || (ok && v.N != 7) {
			t.Errorf("at +%v: version %d trusted %v, want 7 trusted %v", c.at.Sub(at), v.N, ok, c.want)
		}
	}
	gen = w.generation()
	w.forget()
	if _, ok := w.get(at); ok {
		t.Error("a version trusted after forget")
	}
	w.keep(data.Version{N: 8}, gen, at) // read begun before the forget
	if v, ok := w.get(at); ok {
		t.Errorf("version %d, read before the forget, kept", v.N)
	}
	w.keep(data.Version{N: 9}, w.generation(), at)
	if v, ok := w.get(at); !ok || v.N != 9 {
		t.Errorf("version %d trusted %v after a read begun after the forget, want 9", v.N, ok)
	}
}
