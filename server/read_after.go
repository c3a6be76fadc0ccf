package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// A writer reads its own write, even through replicas (data/read_after.go):
// every successful write answers with the primary's log position once it
// committed, in the Maillage-Read-After header and in a cookie of the same
// name; a read that sends either back is served from a database that has
// replayed that far, the primary when no replica has yet. Any process of a
// deployment honours it: the position is the client's to carry, and each
// process knows its replicas' replay from their checks. Scripts copy the
// header; browsers and clients with a cookie jar (curl -b/-c, a requests
// Session) carry the cookie without knowing it.
//
// Routing a writer's reads to the primary for a while would need every
// process to know who wrote when (shared state); waiting on a replica
// would hold a request for its replay. Carrying the position does neither.

const (
	headerReadAfter = "Maillage-Read-After"
	cookieReadAfter = "maillage_read_after"
	// readAfterMaxAge is how long the cookie lasts: far longer than a
	// replica that is not skipped takes to replay a write.
	readAfterMaxAge = 5 * time.Minute
)

// readAfter is the log position req must read after: its header, else its
// cookie; zero for none. A malformed header is the client's error (400);
// a malformed cookie is ignored, since a browser would send it with every
// request until it expires.
func readAfter(req *http.Request) (data.LogPosition, error) {
	if h := req.Header.Get(headerReadAfter); h != "" {
		p, err := data.ParseLogPosition(h)
		if err != nil {
			return 0, &ParamError{Param: headerReadAfter, cause: err,
				Reason: "want the value a write answered with, two hexadecimal numbers separated by a slash (16/B374D848)"}
		}
		return p, nil
	}
	if ck, err := req.Cookie(cookieReadAfter); err == nil {
		if p, err := data.ParseLogPosition(ck.Value); err == nil {
			return p, nil
		}
	}
	return 0, nil
}

// setReadAfter hands the writer of a committed write its log position
// (nothing when the store gave none).
func setReadAfter(c echo.Context, p data.LogPosition) {
	if p == 0 {
		return
	}
	c.Response().Header().Set(headerReadAfter, p.String())
	c.SetCookie(&http.Cookie{Name: cookieReadAfter, Value: p.String(), Path: "/", MaxAge: int(readAfterMaxAge / time.Second),
		HttpOnly: true, Secure: c.Scheme() == "https", SameSite: http.SameSiteLaxMode})
}
