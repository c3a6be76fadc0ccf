package server

import (
	"context"
	"encoding/binary"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// conditional makes every data answer revalidable. It reads the data
// version once per request (one indexed row on PostGIS) and:
//   - answers If-None-Match (or, without it, If-Modified-Since) with 304
//     and no body when the client's copy is of this version, having asked
//     the store nothing else;
//   - otherwise sets a strong ETag, derived from the version, the day
//     (an analysis counts today's partnerships by default: today.go) and
//     everything that shapes the representation (path, query, Host,
//     Accept, Accept-Encoding, the build), Last-Modified from the
//     version's change time or the day's start if later, and
//     Cache-Control: no-cache, so clients keep answers but revalidate each
//     time;
//   - fixes that version for the request's analyses (data.WithVersion),
//     so the answer and its ETag belong to the same version;
//   - serves the answer from the response cache when it holds that ETag,
//     and otherwise keeps the answer there (response_cache.go).
//
// Only GET and HEAD of the data routes take part: health, metrics and the
// viewer's static files do not depend on the data. An error answer loses
// the validators (nothing to revalidate).
func (s *Server) conditional(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if (req.Method != http.MethodGet && req.Method != http.MethodHead) || !dataRoute(c.Path()) {
			return next(c)
		}
		after, err := readAfter(req)
		if err != nil {
			return err
		}
		ctx := data.WithReadAfter(req.Context(), after) // picks the database (read_after.go)
		v, err := s.store.Version(ctx)
		if err != nil {
			return err
		}
		today := data.UTCDate(time.Now())
		c.SetRequest(req.WithContext(data.WithToday(data.WithVersion(ctx, v), today)))
		defer c.SetRequest(req)

		stamp := answerStampOf(c, v, today)
		deferred := s.itemsCountDeferred(c)
		if deferred {
			c.SetRequest(c.Request().WithContext(withCountDeferred(c.Request().Context())))
		}
		etag := s.etag(req, c.Scheme(), stamp.version, today, deferred)
		s.responses.observe(v, today.Unix())
		// An analysis without datetime counts today's partnerships (today.go):
		// its answer may change at midnight, whatever the version.
		modified := v.Changed.UTC().Truncate(time.Second)
		if today.After(modified) {
			modified = today
		}
		h := c.Response().Header()
		h[echo.HeaderCacheControl] = noCacheValue
		h.Set(echo.HeaderLastModified, modified.Format(http.TimeFormat))
		if c.Path() == pathOGC+routeItem {
			// An item's ETag is its content's (item_etag.go), set by the
			// handler; the version's tag only keys the response cache.
			return s.conditionalItem(c, next, etag, stamp, modified)
		}
		h.Set(headerETag, etag)
		if notModified(req, etag, modified) {
			// What the full answer would say of its variants (negotiate.go
			// and the compression add them when they run).
			h.Add(echo.HeaderVary, echo.HeaderAccept)
			h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			return c.NoContent(http.StatusNotModified)
		}
		if s.responses.serve(c, etag) {
			return nil
		}
		rec := s.responses.record(c)
		err = next(c)
		if err != nil && !c.Response().Committed {
			for _, k := range []string{headerETag, echo.HeaderLastModified, echo.HeaderCacheControl} {
				h.Del(k)
			}
		}
		if rec != nil {
			c.Response().Writer = rec.ResponseWriter
			if err == nil {
				s.responses.keep(rec, etag, stamp)
			}
		}
		return err
	}
}

// conditionalItem is conditional for an item: the cached answer (under
// the version's tag key) or the handler's carries the item's own ETag,
// which If-None-Match is compared with.
func (s *Server) conditionalItem(c echo.Context, next echo.HandlerFunc, key string, stamp answerStamp, modified time.Time) error {
	req := c.Request()
	if cached, ok := s.responses.get(key); ok && req.Method == http.MethodGet {
		if notModified(req, cached.header.Get(headerETag), modified) {
			c.Response().Header().Set(headerETag, cached.header.Get(headerETag))
			return c.NoContent(http.StatusNotModified)
		}
		if s.responses.serve(c, key) {
			return nil
		}
	}
	rec := s.responses.record(c)
	err := next(c)
	if rec != nil {
		c.Response().Writer = rec.ResponseWriter
		if err == nil {
			s.responses.keep(rec, key, stamp)
		}
	}
	return err
}

// itemsCountDeferred is countDeferred for a request of an items page (false
// for any other request, and for one whose parameters the handler will
// refuse), read in c's context, whose version conditional has fixed.
func (s *Server) itemsCountDeferred(c echo.Context) bool {
	if c.Path() != pathOGC+routeItems {
		return false
	}
	col, _, p, err := itemsRequest(c)
	return err == nil && s.countDeferred(c.Request().Context(), col, p)
}

// version is the data version of the request: the one conditional read
// (data.VersionOf), or the store's as of now outside the data routes.
func (s *Server) version(ctx context.Context) (data.Version, error) {
	if v, ok := data.VersionOf(ctx); ok {
		return v, nil
	}
	return s.store.Version(ctx)
}

// answerStampOf is what c's answer is tagged and cached by: the data
// version, except for the answers that derive only from what the
// indicators' version covers (the territories and the indicators), which
// no write of actors, partnerships or alliances bumps: the indicators,
// their values and class breaks, and a territory collection's tiles that
// carry only the territories' own fields
// (data.Collection.TileOfIndicatorsVersion). The map's choropleth then
// stays cached, and 304, while authorities edit. A request whose tile the
// handler will refuse keeps the data version: no error is cached.
func answerStampOf(c echo.Context, v data.Version, today time.Time) answerStamp {
	indicators := false
	switch c.Path() {
	case routeIndicators, routeIndicatorValues, routeIndicatorBreaks:
		indicators = true
	case pathOGC + routeColTile:
		col, _, q, err := collectionRequest(c)
		indicators = err == nil && col.TileOfIndicatorsVersion(q.Properties)
	}
	if indicators {
		return answerStamp{indicators: true, version: v.IndicatorsVersion(), day: today.Unix()}
	}
	return answerStamp{version: v.N, day: today.Unix()}
}

// headerETag is the ETag header's name (Echo has no constant for it).
const headerETag = "ETag"

// dataRoute reports whether a route pattern's answers depend on the data.
func dataRoute(route string) bool {
	return strings.HasPrefix(route, pathOGC) || strings.HasPrefix(route, "/api/") ||
		strings.HasPrefix(route, "/portrait/")
}

// etag derives the strong entity tag of a request's answer at data version
// n on day today: the same request (path, query, scheme, Host, Accept,
// Accept-Encoding) to the same build at the same version on the same day
// gives the same bytes, so the same tag; anything else that can change the
// bytes changes the tag. deferred marks an items page whose count is left
// to a later request (countDeferred): it lacks the numberMatched the same
// page carries once the count is held.
func (s *Server) etag(req *http.Request, scheme string, n uint64, today time.Time, deferred bool) string {
	h := xxhash.New()
	var b [17]byte
	binary.LittleEndian.PutUint64(b[:], n)
	binary.LittleEndian.PutUint64(b[8:], uint64(today.Unix()))
	if deferred {
		b[16] = 1
	}
	_, _ = h.Write(b[:])
	for _, part := range []string{s.build, scheme, req.Host, req.URL.Path, req.URL.RawQuery,
		req.Header.Get(echo.HeaderAccept), req.Header.Get(echo.HeaderAcceptEncoding)} {
		_, _ = h.WriteString(part)
		_, _ = h.Write([]byte{0})
	}
	return strongTag(h.Sum64())
}

// strongTag writes a 64-bit digest as a strong entity tag: every ETag the
// server gives (data answers, items, the viewer's files) is one.
func strongTag(sum uint64) string {
	return `"` + strconv.FormatUint(sum, 36) + `"`
}

// notModified applies RFC 9110 §13.1.2 and §13.1.3 for GET and HEAD:
// If-None-Match decides when present (weak comparison, "*" matches), else
// If-Modified-Since against the version's change time.
func notModified(req *http.Request, etag string, modified time.Time) bool {
	if inm := req.Header.Values("If-None-Match"); len(inm) > 0 {
		for _, v := range inm {
			for _, tag := range strings.Split(v, ",") {
				tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
				if tag == etag || tag == "*" {
					return true
				}
			}
		}
		return false
	}
	if ims := req.Header.Get(echo.HeaderIfModifiedSince); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !modified.After(t)
	}
	return false
}

// buildID names the binary in ETags, so that a new build (which may write
// other bytes for the same data) never revalidates an old build's answer.
func buildID() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	id := bi.Main.Version + bi.Main.Sum
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
			id += s.Value
		}
	}
	return id
}
