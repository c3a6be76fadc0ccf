package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// items answers GET /ogc/collections/{collectionId}/items: one page of a
// collection. As GeoJSON it is a FeatureCollection streamed as the store
// emits features, then numberReturned, numberMatched, timeStamp and the
// links; as HTML, a table. Both carry the same paging links (page.go).
func (s *Server) items(c echo.Context) error {
	col, query, p, err := itemsRequest(c)
	if err != nil {
		return err
	}
	f, err := negotiate(c, query)
	if err != nil {
		return err
	}
	setContentCRS(c, p.CRS)
	if f == formatHTML {
		return s.itemsHTML(c, col, p)
	}

	now := time.Now().UTC()
	fc := newFCWriter(c.Response())
	pg, err := s.page(c.Request().Context(), col, p, fc.feature)
	if err != nil {
		return err
	}
	return fc.finish(fcTail{
		NumberReturned: pg.returned,
		NumberMatched:  pg.matched,
		TimeStamp:      now.Format(time.RFC3339),
		Links:          s.pageLinks(c, col, p, pg, formatJSON),
	})
}

// itemsRequest reads the collection and the parameters of an items
// request, once: conditional reads them first (itemsCountDeferred), and the
// handler finds its reading in c.
func itemsRequest(c echo.Context) (data.Collection, url.Values, itemsParams, error) {
	r, ok := c.Get(itemsReadingKey).(itemsReading)
	if !ok {
		r = readItemsRequest(c)
		c.Set(itemsReadingKey, r)
	}
	return r.col, r.query, r.p, r.err
}

// itemsReadingKey is where itemsRequest keeps its reading in the request's
// echo.Context (cleared with it).
const itemsReadingKey = "maillage.itemsReading"

// itemsReading is an items request read, or why it cannot be.
type itemsReading struct {
	col   data.Collection
	query url.Values
	p     itemsParams
	err   error
}

func readItemsRequest(c echo.Context) itemsReading {
	id := c.Param(paramPathCol)
	col, ok := lookupCollection(id)
	if !ok {
		return itemsReading{err: notFound(nil, "collection %q does not exist", id)}
	}
	query, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return itemsReading{err: err}
	}
	p, err := parseItemsParams(col, query)
	if err != nil {
		return itemsReading{err: err}
	}
	return itemsReading{col: col, query: query, p: p}
}

// item answers GET /ogc/collections/{collectionId}/items/{featureId}: one
// Feature with its links, or 404.
func (s *Server) item(c echo.Context) error {
	colID, fid := c.Param(paramPathCol), c.Param(paramPathFID)
	col, ok := lookupCollection(colID)
	if !ok {
		return notFound(nil, "collection %q does not exist", colID)
	}
	f, crs, err := parseItemParams(c)
	if err != nil {
		return err
	}
	// An id that cannot be an integer cannot name a feature of an integer
	// collection: answer 404 here rather than ask the store to parse it.
	if col.IDType == data.TypeInteger {
		if _, err := strconv.ParseInt(fid, 10, 64); err != nil {
			return notFound(nil, "collection %q has no feature %q", col.ID, fid)
		}
	}
	feat, err := s.source(col).Item(c.Request().Context(), col.ID, fid, crs)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return notFound(err, "collection %q has no feature %q", col.ID, fid)
	case err != nil:
		return fmt.Errorf("item %s/%s: %w", col.ID, fid, err)
	}
	setContentCRS(c, crs)
	variant := []string{c.Request().Header.Get(echo.HeaderAcceptEncoding)}
	if f == formatHTML {
		variant = append(variant, "html")
	}
	if crs != geo.CRS84 {
		variant = append(variant, strconv.Itoa(int(crs)))
	}
	tag := itemVariantTag(feat, variant...)
	c.Response().Header().Set(headerETag, tag)
	modified, perr := http.ParseTime(c.Response().Header().Get(echo.HeaderLastModified))
	if perr != nil {
		modified = time.Now()
	}
	if notModified(c.Request(), tag, modified) {
		return c.NoContent(http.StatusNotModified)
	}
	if f == formatHTML {
		return s.itemHTML(c, col, fid, feat)
	}
	links := selfAndAlternate(withCRS(s.itemURL(c, col.ID, fid, formatJSON), crs), s.itemURL(c, col.ID, fid, formatHTML), mediaGeoJSON, f)
	links = append(links, link{Href: s.ogcURL(c, collectionPath(col.ID), formatJSON), Rel: relCollection, Type: mediaJSON, Title: col.Title})
	return c.Blob(http.StatusOK, mediaGeoJSON, withLinks(feat, links))
}

// withLinks adds a "links" member to a Feature object's JSON text. A text
// that does not end with '}' is returned unchanged.
func withLinks(feature []byte, links []link) []byte {
	body := bytes.TrimRight(feature, " \t\r\n")
	if len(body) == 0 || body[len(body)-1] != '}' {
		return feature
	}
	var lb bytes.Buffer
	enc := json.NewEncoder(&lb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(links); err != nil {
		return feature
	}
	inner := bytes.TrimRight(body[:len(body)-1], " \t\r\n")
	out := make([]byte, 0, len(body)+lb.Len()+12)
	out = append(out, inner...)
	if len(inner) > 0 && inner[len(inner)-1] != '{' {
		out = append(out, ',')
	}
	out = append(out, `"links":`...)
	out = append(out, bytes.TrimRight(lb.Bytes(), "\n")...)
	out = append(out, '}')
	return out
}
