package server

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// The heavy analyses (rankings, portraits, suggestions, observatory
// figures, flows, actor cells, the gap collections) can each take a core
// for a second and hundreds of MB: a national ranking of every commune is
// 107 MB of JSON. Unbounded, 64 clients asking for one at once finished
// none in 25 s and took the process past 12 GB, each request slowing the
// others down. So at most cfg.HeavyInFlight of them run at once and at
// most cfg.HeavyQueue more wait, each at most cfg.HeavyWait; any other is
// refused at once with 503 and Retry-After, before it costs anything; a
// client that comes back before its Retry-After waits it out first
// (early_retries.go).
// Cheap requests (items, health, the viewer's files) and answers served
// from the response cache or as 304 never come here: the middleware sits
// after conditional.go.

// admission holds one Server's slots for heavy requests.
type admission struct {
	running chan struct{} // a token per heavy request running
	waiting chan struct{} // a token per heavy request running or waiting
	wait    time.Duration
	all     chan struct{} // a token per request in flight, probes and scrapes aside
	// early holds the heavy requests that came back before their
	// Retry-After (early_retries.go).
	early *earlyRetries
	// trim hands the memory heavy answers left behind back to the system
	// once none has run for trimAfter (see idle).
	trim *time.Timer
}

// trimAfter is how long no heavy request must run before the memory their
// answers used (each up to 100 MB of JSON) is returned to the system.
// Without it the runtime keeps the freed heap up to twice what is live, and
// a process stayed at its memory limit long after a flood.
const trimAfter = 2 * time.Second

func newAdmission(cfg Config) *admission {
	trim := time.AfterFunc(trimAfter, debug.FreeOSMemory)
	trim.Stop() // armed by the first heavy request's end
	return &admission{
		running: make(chan struct{}, cfg.HeavyInFlight),
		waiting: make(chan struct{}, cfg.HeavyInFlight+cfg.HeavyQueue),
		wait:    cfg.HeavyWait,
		all:     make(chan struct{}, cfg.MaxInFlight),
		early:   newEarlyRetries(cfg.HeldRetries),
		trim:    trim,
	}
}

// idle notes that a heavy request ended: when it was the last one waiting
// or running, the trim is due trimAfter from now (a new heavy request
// postpones it again; Reset only moves the one timer).
func (a *admission) idle() {
	if len(a.waiting) == 0 {
		a.trim.Reset(trimAfter)
	} else {
		a.trim.Stop()
	}
}

// limitInFlight bounds all requests in flight (Config.MaxInFlight), heavy
// or not: beyond the bound a request is refused at once with 503 and
// Retry-After, so a flood of cheap requests cannot pile up goroutines,
// buffers and connections without end. Health probes and scrapes are never
// refused: they say how the server is, flood or not.
func (s *Server) limitInFlight(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Path() {
		case pathHealthz, pathReadyz, pathMetrics:
			return next(c)
		}
		select {
		case s.admission.all <- struct{}{}:
		default:
			return &overloadedError{retryAfter: time.Second, what: "too many requests are being answered"}
		}
		defer func() { <-s.admission.all }()
		return next(c)
	}
}

// overloadedError is a heavy request refused because too many run or wait:
// 503 with Retry-After.
type overloadedError struct {
	retryAfter time.Duration
	what       string // the bound reached, for the problem's detail
}

func (e *overloadedError) Error() string { return "overloaded: " + e.detail() }

func (e *overloadedError) detail() string {
	if e.what == "" {
		return "too many heavy analyses are being computed"
	}
	return e.what
}

// admit runs heavy requests within the admission's bounds.
func (s *Server) admit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !heavyRoute(c) {
			return next(c)
		}
		a := s.admission
		client := c.Request().RemoteAddr // its connection (early_retries.go)
		if err := a.early.wait(c.Request().Context(), client); err != nil {
			return err
		}
		select {
		case a.waiting <- struct{}{}:
		default:
			return a.refuse(client)
		}
		defer func() { <-a.waiting; a.idle() }()
		timer := time.NewTimer(a.wait)
		defer timer.Stop()
		select {
		case a.running <- struct{}{}:
		case <-timer.C:
			return a.refuse(client)
		case <-c.Request().Context().Done():
			return c.Request().Context().Err()
		}
		defer func() { <-a.running }()
		return next(c)
	}
}

// heavyRetryAfter is when a refused heavy request is told to come back.
const heavyRetryAfter = time.Second

// refuse refuses a heavy request of client (its connection) for
// overload, and remembers when it may come back (early_retries.go).
func (a *admission) refuse(client string) error {
	a.early.refused(client, heavyRetryAfter)
	return &overloadedError{retryAfter: heavyRetryAfter}
}

// heavyRoute reports whether c's route computes an analysis.
func heavyRoute(c echo.Context) bool {
	switch c.Path() {
	case pathGaps, pathStats, pathMatches, pathFlows, pathActorClusters, routePortraitJSON, routePortraitHTML, routeTimelineJSON, routeSimilar, routeDuplicable:
		return true
	case pathOGC + routeItems, pathOGC + routeItem:
		return strings.HasPrefix(c.Param(paramPathCol), "gaps-")
	}
	return false
}

// retryAfter writes the Retry-After header of an overloaded answer.
func retryAfter(c echo.Context, d time.Duration) {
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(1, int(d/time.Second))))
}

// defaultHeavyInFlight is one heavy request per core but one: they are
// CPU-bound, and the core left keeps cheap requests at their idle latency
// (on 2 cores, two heavy requests at once made a 1 ms page take 18 ms).
func defaultHeavyInFlight() int { return max(1, runtime.GOMAXPROCS(0)-1) }
