package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// The history of the data (data.Writer.History): every change of an actor,
// partnership or alliance, by an HTTP write, an import or a direct edit of
// the tables, with who made it and the feature before and after.
//   - GET /ogc/collections/{id}/items/{featureId}/history: one feature's,
//     a deleted one's included;
//   - GET /api/history?collection=&level=&territory=&since=&until=: the
//     changes of a collection, of a territory (what lay in it before or
//     after the change), in a time window.
// Both are pages of at most limit entries, oldest first, with a next link
// (after=<last id>) while more remain.

const (
	pathHistory      = "/api/history"
	routeItemHistory = "/collections/:collectionId/items/:featureId/history"

	paramHistoryCollection = "collection"
	paramHistoryTerritory  = "territory"
	paramHistorySince      = "since"
	paramHistoryUntil      = "until"
	paramHistoryAfter      = "after"
	paramHistoryLimit      = "limit"
	defaultHistoryLimit    = 100
	maxHistoryLimit        = 1000
)

// historyDoc is a page of history.
type historyDoc struct {
	Entries []data.HistoryEntry `json:"entries"`
	Links   []link              `json:"links"`
}

// historyCollections are the collections with a history.
var historyCollections = []string{data.CollectionActors, data.CollectionPartnerships, data.CollectionAlliances}

// history answers GET /api/history.
func (s *Server) history(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, paramHistoryCollection, paramLevel, paramHistoryTerritory, paramHistorySince,
		paramHistoryUntil, paramHistoryAfter, paramHistoryLimit); err != nil {
		return err
	}
	hq, err := parseHistoryPage(q)
	if err != nil {
		return err
	}
	if v, ok := single(q, paramHistoryCollection); ok {
		if !slices.Contains(historyCollections, v) {
			return paramErrorf(paramHistoryCollection, "%q has no history (one of %v)", clip(v), historyCollections)
		}
		hq.Collection = v
	}
	_, hasLevel := single(q, paramLevel)
	code, hasCode := single(q, paramHistoryTerritory)
	switch {
	case hasLevel != hasCode:
		missing := paramHistoryTerritory
		if !hasLevel {
			missing = paramLevel
		}
		return paramErrorf(missing, "is required with %s (a territory is a level and a code)", map[bool]string{true: paramLevel, false: paramHistoryTerritory}[hasLevel])
	case hasLevel:
		level, err := levelParam(q, paramLevel, geo.Levels, "")
		if err != nil {
			return err
		}
		hq.Territory = &geo.ScopeEntry{Level: level, Code: code}
	}
	// since is the first instant of what it names, until the last (a
	// date takes the whole day): the window is [since, until].
	for _, name := range []string{paramHistorySince, paramHistoryUntil} {
		if v, ok := single(q, name); ok {
			lo, hi, err := parseInstant(v)
			if err != nil {
				return paramErrorf(name, "%q is not a date (2026-12-05) or an RFC 3339 date-time (2026-12-05T10:00:00Z)", clip(v))
			}
			if name == paramHistorySince {
				hq.Since = lo
			} else {
				hq.Until = hi.Add(time.Nanosecond)
			}
		}
	}
	return s.historyPage(c, hq, q)
}

// itemHistory answers GET /ogc/collections/{id}/items/{featureId}/history.
func (s *Server) itemHistory(c echo.Context) error {
	colID, fid := c.Param(paramPathCol), c.Param(paramPathFID)
	if !slices.Contains(historyCollections, colID) {
		if _, ok := lookupCollection(colID); ok {
			return notFound(nil, "collection %q keeps no history (it is loaded whole or computed)", colID)
		}
		return notFound(nil, "collection %q does not exist", colID)
	}
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, paramHistoryAfter, paramHistoryLimit); err != nil {
		return err
	}
	hq, err := parseHistoryPage(q)
	if err != nil {
		return err
	}
	hq.Collection, hq.FeatureID = colID, fid
	return s.historyPage(c, hq, q)
}

// parseHistoryPage reads after and limit.
func parseHistoryPage(q url.Values) (data.HistoryQuery, error) {
	hq := data.HistoryQuery{Limit: defaultHistoryLimit}
	if v, ok := single(q, paramHistoryAfter); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return hq, paramErrorf(paramHistoryAfter, "%q is not an entry id (a non-negative integer)", clip(v))
		}
		hq.After = n
	}
	if v, ok := single(q, paramHistoryLimit); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxHistoryLimit {
			return hq, paramErrorf(paramHistoryLimit, "%q is not an integer in 1..%d", clip(v), maxHistoryLimit)
		}
		hq.Limit = n
	}
	return hq, nil
}

// historyPage reads one page and answers it; the store without history
// (the embedded one) answers 404 with the reason.
func (s *Server) historyPage(c echo.Context, hq data.HistoryQuery, q url.Values) error {
	w, ok := s.store.(data.Writer)
	if !ok {
		return notFound(nil, "this server answers from its embedded, read-only dataset, which has no history: the history lives in PostGIS")
	}
	limit := hq.Limit
	hq.Limit++ // one more tells whether a next page exists
	entries, err := w.History(c.Request().Context(), hq)
	if err != nil {
		return err
	}
	doc := historyDoc{Entries: entries, Links: []link{{Href: s.baseURL(c) + c.Request().URL.RequestURI(), Rel: relSelf, Type: mediaJSON}}}
	if len(entries) > limit {
		doc.Entries = entries[:limit]
		next := cloneValues(q)
		next.Set(paramHistoryAfter, strconv.FormatInt(doc.Entries[limit-1].ID, 10))
		doc.Links = append(doc.Links, link{Href: s.baseURL(c) + c.Request().URL.Path + "?" + next.Encode(), Rel: relNext, Type: mediaJSON,
			Title: fmt.Sprintf("the next %d changes", limit)})
	}
	if doc.Entries == nil {
		doc.Entries = []data.HistoryEntry{}
	}
	return c.JSON(http.StatusOK, doc)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
