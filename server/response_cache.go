package server

import (
	"bytes"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"
)

// The response cache keeps whole answers by their strong ETag. A strong
// ETag (conditional.go) names one sequence of bytes: it hashes the data
// version with everything that shapes the representation (path, query,
// scheme and Host, Accept, Accept-Encoding, the build). So an answer kept
// under its ETag is exactly what the handler would write again, until the
// data version moves and the ETag with it: such an entry is never served
// stale. It is dropped when the first request of a newer version (or day)
// arrives (observe), as the analysis cache drops its own: left to age
// out, the entries of a busy version kept the frequencies that decide
// what the cache admits, and refused the next version's answers (after a
// four-minute soak with a write every 30 s, the Lyon view was recomputed
// on every request: 0.17 s, against 3 ms once kept). Many clients asking for
// the same page, tile or analysis (a viewer's first screen, a GDAL
// harvest repeated by a cron) then cost one version read and a copy.
//
// Kept: complete 200 answers to GET, as written on the wire (compressed
// when the client asked for it), each at most a quarter of the cache.

// DefaultResponseCacheBytes bounds the kept answers when
// Config.ResponseCacheBytes is zero.
const DefaultResponseCacheBytes = 128 << 20

// The largest answer kept is a quarter of the cache (32 MB by default): a
// 10 000-actor page is about 5 MB, the gap ranking of every commune 20 MB
// gzipped. A flood of the same heavy answer is then served by copies; the
// cache's frequency filter keeps a large answer asked once from evicting
// many small ones.
const cachedResponseShare = 4

// cachedResponse is one kept answer: its headers (those the handler set,
// less the per-request ones), body and stamp.
type cachedResponse struct {
	header http.Header
	body   []byte
	stamp  answerStamp
}

// answerStamp is what an answer's ETag derives from in the data: the
// version it is tagged by (answerStampOf: the data's, or the indicators'),
// and the UTC day (analyses count today's partnerships by default).
type answerStamp struct {
	indicators bool
	version    uint64
	day        int64 // Unix seconds of the day's start
}

// space is the place of a's kind of version in responseCache.newest.
func (a answerStamp) space() int {
	if a.indicators {
		return 1
	}
	return 0
}

// olderThan reports whether an answer stamped a is out of date once an
// answer stamped b exists: same kind of version, an older version or day.
func (a answerStamp) olderThan(b answerStamp) bool {
	return a.indicators == b.indicators && (a.version < b.version || a.day < b.day)
}

// responseCache is a bounded map from ETag to answer; nil keeps nothing.
type responseCache struct {
	c        *otter.Cache[string, cachedResponse]
	maxEntry int
	// newest are the newest stamps seen, of the data's version and of the
	// indicators': written under mu, read without it on every request.
	mu     sync.Mutex
	newest [2]atomic.Pointer[answerStamp]
}

func newResponseCache(limit int64) *responseCache {
	if limit == 0 {
		limit = DefaultResponseCacheBytes
	}
	if limit < 0 {
		return nil
	}
	return &responseCache{maxEntry: int(min(limit/cachedResponseShare, math.MaxUint32/2)), c: otter.Must(&otter.Options[string, cachedResponse]{
		MaximumWeight: uint64(limit),
		Weigher: func(k string, v cachedResponse) uint32 {
			return uint32(len(k) + len(v.body) + 256)
		},
		StatsRecorder: stats.NewCounter(),
	})}
}

// stats reads the cache's counters (all zero when it is off).
func (rc *responseCache) stats() analysis.CacheStats {
	if rc == nil {
		return analysis.CacheStats{}
	}
	return analysis.StatsOf(rc.c)
}

// get returns the answer kept under etag, if any.
func (rc *responseCache) get(etag string) (cachedResponse, bool) {
	if rc == nil {
		return cachedResponse{}, false
	}
	return rc.c.GetIfPresent(etag)
}

// serve writes the answer kept under etag, if any.
func (rc *responseCache) serve(c echo.Context, etag string) bool {
	if rc == nil || c.Request().Method != http.MethodGet {
		return false
	}
	r, ok := rc.c.GetIfPresent(etag)
	if !ok {
		return false
	}
	h := c.Response().Header()
	for k, v := range r.header {
		// The kept slices are shared. Capped at their length, an Add
		// appends to a copy, never to them (and nothing writes into a
		// header's slice in place): no copy per answer.
		h[k] = v[:len(v):len(v)]
	}
	// The kept body is the bytes sent, compressed or not: its length is
	// known, and clients that size a file first (GDAL's /vsicurl/) need it.
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(r.body)))
	c.Response().WriteHeader(http.StatusOK)
	_, _ = c.Response().Write(r.body)
	return true
}

// record wraps the response writer so that the answer's bytes are kept
// as they go out; keep stores them under etag once the handler is done.
func (rc *responseCache) record(c echo.Context) *recorder {
	if rc == nil || c.Request().Method != http.MethodGet {
		return nil
	}
	r := &recorder{ResponseWriter: c.Response().Writer, max: rc.maxEntry}
	c.Response().Writer = r
	return r
}

// observe drops the answers older than the version v and day (Unix
// seconds of its start) of a request, the first time a request of them
// arrives: those tagged by the data's version older than v.N, those tagged
// by the indicators' older than v.IndicatorsVersion(), those of an earlier
// day. A request of an older version (from a replica behind the primary)
// drops nothing.
func (rc *responseCache) observe(v data.Version, day int64) {
	if rc == nil {
		return
	}
	// On every request: two atomic loads, nothing allocated.
	seen := [2]answerStamp{{version: v.N, day: day}, {indicators: true, version: v.IndicatorsVersion(), day: day}}
	if !rc.isNewest(seen[0]) && !rc.isNewest(seen[1]) {
		return
	}
	rc.mu.Lock()
	var newest [2]answerStamp
	moved := false
	for _, s := range seen {
		i := s.space()
		cur := rc.newest[i].Load()
		if cur == nil || cur.olderThan(s) {
			moved = true
			if cur != nil { // both parts only ever move forward
				s.version, s.day = max(cur.version, s.version), max(cur.day, s.day)
			}
			rc.newest[i].Store(&s)
			cur = &s
		}
		newest[i] = *cur
	}
	rc.mu.Unlock()
	if !moved {
		return
	}
	for k, e := range rc.c.All() {
		if e.stamp.olderThan(newest[0]) || e.stamp.olderThan(newest[1]) {
			rc.c.Invalidate(k)
		}
	}
}

// isNewest reports whether no answer newer than s, or as new, was asked
// for yet: s's arrival must then drop the older ones.
func (rc *responseCache) isNewest(s answerStamp) bool {
	cur := rc.newest[s.space()].Load()
	return cur == nil || cur.olderThan(s)
}

// keep stores what r recorded under etag when it is a whole 200 answer.
// The recorder is the request's own, spent after this: its header copy and
// buffer are kept as they are, less the headers that belong to the request
// rather than the answer (its id, and the CORS headers granted to its
// origin, which another origin must not be served).
func (rc *responseCache) keep(r *recorder, etag string, stamp answerStamp) {
	if r.overflow || r.status != http.StatusOK {
		return
	}
	if cur := rc.newest[stamp.space()].Load(); cur != nil && stamp.olderThan(*cur) {
		return // a request of a version already dropped (observe)
	}
	r.header.Del(echo.HeaderXRequestID)
	for k := range r.header {
		if strings.HasPrefix(k, "Access-Control-") {
			delete(r.header, k)
		}
	}
	rc.c.Set(etag, cachedResponse{header: r.header, body: r.body.Bytes(), stamp: stamp})
}

// recorder copies a response's status, headers and body as they are
// written, up to max bytes (beyond, it stops copying and marks the answer
// as not to keep).
type recorder struct {
	http.ResponseWriter
	max      int
	status   int
	header   http.Header
	body     bytes.Buffer
	overflow bool
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
		r.header = r.ResponseWriter.Header().Clone()
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	if !r.overflow {
		if r.body.Len()+len(b) > r.max {
			r.overflow = true
			r.body = bytes.Buffer{}
		} else {
			r.body.Write(b)
		}
	}
	n, err := r.ResponseWriter.Write(b)
	if err != nil {
		// The client is gone or the write timed out: whatever the handler
		// returns, what was recorded is not known to be the whole answer.
		r.overflow = true
		r.body = bytes.Buffer{}
	}
	return n, err
}

// Flush passes a streaming handler's flushes on.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
