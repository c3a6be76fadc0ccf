package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// pageResult is what paging links and counts need to know of a page.
type pageResult struct {
	returned int
	// more reports that another page follows. It is exact when the page
	// was read with one feature to spare (every limit below
	// data.MaxLimit); at the maximum, a full page is assumed to have a
	// successor, which may then be empty.
	more bool
	// lastID is the id of the page's last feature, "" for an empty page.
	lastID string
	// matched is numberMatched, nil when not worth computing.
	matched *int64
}

// page reads one page of col for p from its source, handing each feature to
// emit. It asks for one feature more than the page holds, keeps it back,
// and so knows whether a next link is due without counting.
func (s *Server) page(ctx context.Context, col data.Collection, p itemsParams, emit data.EmitFunc) (pageResult, error) {
	q := p.query(col)
	q.Limit = p.Limit
	peek := p.Limit < data.MaxLimit
	if peek {
		q.Limit++
	}
	var (
		r    pageResult
		last []byte // a copy: emitted bytes live only until emit returns
	)
	deferred := countDeferredOf(ctx)
	early := s.startCount(ctx, col, p)
	err := s.source(col).Items(ctx, col.ID, q, func(f []byte) error {
		if r.returned == p.Limit {
			r.more = true
			return nil
		}
		r.returned++
		last = append(last[:0], f...)
		return emit(f)
	})
	if err != nil {
		return r, fmt.Errorf("items of %s: %w", col.ID, err)
	}
	if !peek {
		r.more = r.returned == p.Limit
	}
	if r.returned > 0 {
		if r.lastID, err = featureID(last); err != nil {
			return r, fmt.Errorf("items of %s: %w", col.ID, err)
		}
	}
	if r.matched, err = s.numberMatched(ctx, col, p, r, early, deferred); err != nil {
		return r, err
	}
	if !peek && r.matched != nil && p.Cursor == "" {
		r.more = int64(p.Offset+r.returned) < *r.matched
	}
	return r, nil
}

// numberMatched is the count of features matching p's filters, whatever
// the page. It is the one place that decides whether counting is worth it:
// the count is taken from the page itself when the page ends the results
// and was reached by offset (the last page, most bbox and filter queries:
// one query instead of two), from the analysis layer's CountItems otherwise
// (counted once per query and data version, whatever the page). That count stops at
// cfg.CountLimit: a query matching more features gets no numberMatched
// (the member is left out, which OGC allows) instead of a full scan of a
// national table before every page; GDAL then reads pages until the end,
// QGIS shows no total. A deferred count (countDeferred) is left out too,
// and started in the background for the query's next request.
func (s *Server) numberMatched(ctx context.Context, col data.Collection, p itemsParams, r pageResult, early *earlyCount, deferred bool) (*int64, error) {
	if !r.more && p.Cursor == "" && (r.returned > 0 || p.Offset == 0) {
		n := int64(p.Offset + r.returned)
		return &n, nil
	}
	if deferred {
		s.metrics.countLeft(s.analyst.CountLater(ctx, s.cfg.RequestTimeout, s.source(col), col.ID, s.countQuery(col, p)))
		return nil, nil
	}
	var n int64
	var err error
	if early != nil {
		select {
		case <-early.done:
			n, err = early.n, early.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	} else {
		n, err = s.countItems(ctx, col, p)
	}
	if err != nil {
		return nil, fmt.Errorf("items of %s: %w", col.ID, err)
	}
	if s.cfg.CountLimit > 0 && n > s.cfg.CountLimit {
		return nil, nil
	}
	return &n, nil
}

// countItems counts the features matching p's filters, whatever the page
// (the cursor and offset only say where a page starts), up to the count
// limit, through the analysis layer's cache.
func (s *Server) countItems(ctx context.Context, col data.Collection, p itemsParams) (int64, error) {
	return s.analyst.CountItems(ctx, s.source(col), col.ID, s.countQuery(col, p))
}

// countQuery is the query counted for p's numberMatched: p's filters, from
// the start, up to the count limit.
func (s *Server) countQuery(col data.Collection, p itemsParams) data.ItemsQuery {
	q := p.query(col)
	q.After, q.Offset = "", 0
	if s.cfg.CountLimit > 0 {
		q.CountCap = s.cfg.CountLimit + 1
	}
	return q
}

// countDeferred reports whether a page of p leaves its count to a later
// request: a large page (earlyCountFrom features or more) whose count the
// analysis layer does not hold yet. Counted beside its page, such a count
// holds the page back: a 10 000-partnership view of Lyon on a national
// database reads 46 000 lines among 118 000 candidates (about 120 ms
// alone, 200 ms beside the page on two cores) while the page needs a
// third of them (about 140 ms). So the page goes first, without
// numberMatched, and the count runs after it in the background
// (analysis.Analyst.CountLater): the query's next page, or the same page
// asked again, carries it. A page that ends the results still counts
// itself, and a small page (QGIS and GDAL ask for 10 or 100 features first,
// and read their total from that page) still waits for its count.
//
// The answer then depends on what the cache holds as well as on the data
// version, so conditional decides it once per request, before the ETag,
// puts it in the ETag (etag's deferred) and in the request's context
// (withCountDeferred), where page reads it: the same ETag is always the
// same bytes.
func (s *Server) countDeferred(ctx context.Context, col data.Collection, p itemsParams) bool {
	if p.Limit < earlyCountFrom || !s.analyst.Caches() {
		return false
	}
	return !s.analyst.HoldsCount(ctx, col.ID, s.countQuery(col, p))
}

// countDeferredKey marks a request whose page leaves its count to a later
// request (countDeferred).
type countDeferredKey struct{}

func withCountDeferred(ctx context.Context) context.Context {
	return context.WithValue(ctx, countDeferredKey{}, true)
}

// countDeferredOf reports whether conditional deferred the count of ctx's
// request; a request it did not see counts as before.
func countDeferredOf(ctx context.Context) bool {
	d, _ := ctx.Value(countDeferredKey{}).(bool)
	return d
}

// earlyCount is a count started beside a large page: a page of 1 000
// features or more that does not end the results needs its count, and
// taking both at once costs the slower of the two rather than their sum
// (a 10 000-partnership view of Lyon: 0.25 s of page and 0.2 s of count).
// When the page ends the results after all, the count goes unread and ends
// with the request (a request waiting on the same count through the cache
// then counts itself: analysis/cache.go). It runs with the analysis cache
// off only: with it on, a large page either finds its count held (read at
// once after the page) or defers it (countDeferred).
type earlyCount struct {
	done chan struct{}
	n    int64
	err  error
}

// earlyCountFrom is the smallest page whose count starts with it.
const earlyCountFrom = 1000

// startCount starts the count of p beside its page when the page is large
// and the analysis cache is off (nil otherwise: small pages are cheap to
// count after the fact, and often end the results; see earlyCount).
func (s *Server) startCount(ctx context.Context, col data.Collection, p itemsParams) *earlyCount {
	if p.Limit < earlyCountFrom || s.analyst.Caches() {
		return nil
	}
	e := &earlyCount{done: make(chan struct{})}
	go func() {
		defer close(e.done)
		e.n, e.err = s.countItems(ctx, col, p)
	}()
	return e
}

// pageLinks are the links of a page in representation f: self, alternate,
// collection, next while features remain, and prev when the page was
// reached with an offset. next carries a cursor (the last feature's id), so
// following next links costs the same on every page; an offset, once
// given, is not carried on. A page reached by cursor has no prev: the
// cursor only says "after this id", and going back would need the store
// to read backwards from it (a "before" key and a reversed order), which
// it does not offer; prev is optional in OGC API – Features and neither
// GDAL nor QGIS uses it.
func (s *Server) pageLinks(c echo.Context, col data.Collection, p itemsParams, r pageResult, f format) []link {
	jsonType := mediaGeoJSON
	self := selfAndAlternate(s.itemsURL(c, col, p, formatJSON), s.itemsURL(c, col, p, formatHTML), jsonType, f)
	typ, colType := jsonType, mediaJSON
	if f == formatHTML {
		typ, colType = mediaHTML, mediaHTML
	}
	links := append(self, link{Href: s.ogcURL(c, collectionPath(col.ID), f), Rel: relCollection, Type: colType, Title: col.Title})
	if r.more && r.returned > 0 {
		np := p
		if cur, ok := encodeCursor(col, r.lastID); ok && len(p.SortBy) == 0 { // sorted pages go by offset (sortby.go)
			np.Cursor, np.Offset = cur, 0
		} else { // an id no cursor can carry: fall back to offset paging
			np.Offset += r.returned
		}
		links = append(links, link{Href: s.itemsURL(c, col, np, f), Rel: relNext, Type: typ, Title: "Page suivante"})
	}
	if p.Offset > 0 {
		pp := p
		pp.Offset = max(0, p.Offset-p.Limit)
		links = append(links, link{Href: s.itemsURL(c, col, pp, f), Rel: relPrev, Type: typ, Title: "Page précédente"})
	}
	return links
}

// featureID reads the "id" member of a Feature's JSON text, as the text a
// cursor carries: an integer's digits or a string's content.
func featureID(feature []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(feature))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", fmt.Errorf("feature is not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("feature: %w", err)
		}
		if key, _ := tok.(string); key != "id" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return "", fmt.Errorf("feature: %w", err)
			}
			continue
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return "", fmt.Errorf("feature id: %w", err)
		}
		switch v := v.(type) {
		case json.Number:
			return v.String(), nil
		case string:
			return v, nil
		}
		return "", fmt.Errorf("feature id %v is neither a number nor a string", v)
	}
	return "", fmt.Errorf("feature has no id")
}
