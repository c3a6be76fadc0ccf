package server

import (
	"context"
	"sync"
	"time"
)

// A heavy request refused for overload says when to come back
// (Retry-After). A client that comes back sooner is held until then, and
// only then goes through admission: refused again at once if the slots
// are still taken, run otherwise. Clients that wait as told never notice.
//
// Without the hold, a client that ignores Retry-After and asks again at
// once makes each refusal cost one more: 64 such clients on loopback sent
// 26 000 refused requests a second, which took both cores of the machine
// and made a 1.4 ms items page take 9.4 ms (scripts/flood.sh, embedded).
// Held, they come back about once a second each, and the cheap requests
// keep the core the heavy analyses leave them: 1.4 ms during the flood.
//
// A client here is its connection (address and port): a client that
// ignores Retry-After asks again on the connection it was refused on.
// Keyed by address instead, every client behind one address (a proxy, a
// NAT, 16 soak clients on loopback) was held after any one of them was
// refused: a soak with writes every 30 s, whose clients all wait as
// told, fell from 867 to 425 requests a second, and its p99 rose by a
// second. A client that opens a new connection for each request is not
// held; each of its refusals then costs it a connection too. At most
// cfg.HeldRetries requests are held at once, each holding its place among
// the requests in flight; beyond, an early request is refused at once, as
// any other.

// earlyRetries remembers, per connection, when the Retry-After of its last
// refused heavy request is over.
type earlyRetries struct {
	mu    sync.Mutex
	until map[string]time.Time
	// held has a token per request held; nil when no request is ever held.
	held chan struct{}
}

// maxRememberedClients bounds the clients remembered at once. Beyond it
// (once the past Retry-Afters are forgotten), a refused client is not
// remembered: its early requests are refused at once.
const maxRememberedClients = 1 << 16

func newEarlyRetries(holds int) *earlyRetries {
	e := &earlyRetries{until: map[string]time.Time{}}
	if holds > 0 {
		e.held = make(chan struct{}, holds)
	}
	return e
}

// refused notes that client was told to come back after d.
func (e *earlyRetries) refused(client string, d time.Duration) {
	if e.held == nil {
		return
	}
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.until[client]; !ok && len(e.until) >= maxRememberedClients {
		for k, t := range e.until {
			if !t.After(now) {
				delete(e.until, k)
			}
		}
		if len(e.until) >= maxRememberedClients {
			return
		}
	}
	e.until[client] = now.Add(d)
}

// wait holds a request of client that came before its Retry-After was
// over until it is, and returns nil then, or at once when client owes no
// wait. It returns the context's error if the request ends first, and a
// 503 if too many requests are held already.
func (e *earlyRetries) wait(ctx context.Context, client string) error {
	if e.held == nil {
		return nil
	}
	e.mu.Lock()
	until, ok := e.until[client]
	d := time.Until(until)
	if ok && d <= 0 {
		delete(e.until, client)
	}
	e.mu.Unlock()
	if d <= 0 {
		return nil
	}
	select {
	case e.held <- struct{}{}:
	default:
		return &overloadedError{retryAfter: d, what: "too many early retries of heavy analyses are being held"}
	}
	defer func() { <-e.held }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
