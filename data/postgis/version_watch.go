package postgis

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
)

// The primary's data version is kept current in the process by the
// database's notifications (migration 00026) rather than read for every
// request: under load the shared reads of version.go were half of the
// statements the primary ran for the cheapest answers (an item by id from
// the response cache, ~7 000 version reads a second for 14 000 answers,
// which then stopped near 2× pg_featureserv; without them, 3.5–4.8×).
//
// A dedicated connection LISTENs on maillage_version and reads the version
// again on every notification, and at least every watchConfirm without
// one; a request trusts the version so kept only while its last read is
// younger than watchTrust. Each process still learns of every change from
// the database alone. What the process cannot know is a commit whose
// notification is on its way (from a commit's return to the kept version:
// median 0.2 ms, at most 3 ms in 200 trials on an idle machine; longer on
// a saturated one): a request arriving in that window gets the version
// before the commit, as it would had it arrived a moment earlier. A writer
// that must read its write carries the write's log position
// (data.WithReadAfter; the server's Maillage-Read-After header and
// cookie), and its reads read the version directly, as before; this
// process's own writes forget the kept version (writtenPosition), as does
// a roll of the summaries here.
//
// Whenever the connection is down or a read fails, nothing is trusted and
// every request reads the version, batched, until the listener is back.
// Replicas cannot LISTEN (a hot standby refuses it) and keep their reads.
type versionWatch struct {
	mu   sync.Mutex // orders keep and forget
	gen  uint64     // bumped by forget: a read begun before is not kept
	kept atomic.Pointer[watchedVersion]
}

// watchedVersion is the kept version and when the read that gave it began.
type watchedVersion struct {
	v    data.Version
	read time.Time
}

const (
	// watchConfirm is how long the listener waits for a notification
	// before reading the version anyway: it bounds how long a lost
	// notification or a silently dead connection could go unseen.
	watchConfirm = time.Second
	// watchTrust is how old a kept version may be before requests read
	// their own: past it, the listener is stuck or gone.
	watchTrust = 2 * watchConfirm
	// watchRetry is the pause before reconnecting a listener that failed.
	watchRetry = time.Second
	// notifyChannel is migration 00026's channel.
	notifyChannel = "maillage_version"
	// listenerName names the listener's connection in pg_stat_activity.
	listenerName = "maillage version listener"
)

// get is the kept version, if it is trusted at now.
func (w *versionWatch) get(now time.Time) (data.Version, bool) {
	k := w.kept.Load()
	if k == nil || now.Sub(k.read) > watchTrust {
		return data.Version{}, false
	}
	return k.v, true
}

// generation is what keep must be given for a read begun now.
func (w *versionWatch) generation() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.gen
}

// keep trusts v, read from read on, unless forget ran since gen was taken.
func (w *versionWatch) keep(v data.Version, gen uint64, read time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.gen == gen {
		w.kept.Store(&watchedVersion{v: v, read: read})
	}
}

// forget stops trusting the kept version until the next read begun after
// this call.
func (w *versionWatch) forget() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.gen++
	w.kept.Store(nil)
}

// errNoNotify is the listener's answer on a database without migration
// 00026: nothing would notify it, so it stops and every request reads the
// version, until a restart after `maillage migrate`.
var errNoNotify = errors.New("postgis: the data version does not notify (migration 00026)")

// watchVersion runs the listener until ctx ends, reconnecting after each
// failure.
func (s *Store) watchVersion(ctx context.Context) {
	for {
		err := s.listenVersion(ctx) // a failure's cure is the retry below
		s.watch.forget()
		if errors.Is(err, errNoNotify) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(watchRetry):
		}
	}
}

// listenVersion connects, listens, and keeps the version current until the
// connection fails or ctx ends. The version is read after LISTEN, so no
// change between the two is missed.
func (s *Store) listenVersion(ctx context.Context) error {
	cfg := s.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = listenerName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		// Bounded: Store.Close waits for this goroutine.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), watchConfirm)
		defer cancel()
		conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	var notifies bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_trigger
		WHERE tgname = 'notify_data_version' AND tgrelid = to_regclass('data_version'))`).Scan(&notifies); err != nil {
		return err
	}
	if !notifies {
		return errNoNotify
	}
	for {
		gen, read := s.watch.generation(), time.Now()
		rctx, cancel := context.WithTimeout(ctx, watchConfirm)
		v, err := readVersion(rctx, conn)
		cancel()
		if err != nil {
			return err
		}
		s.watch.keep(v, gen, read)
		wctx, cancel := context.WithTimeout(ctx, watchConfirm)
		err = conn.PgConn().WaitForNotification(wctx)
		cancel()
		if err != nil && (ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded)) {
			return err
		}
	}
}
