package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// items answers GET /ogc/collections/{collectionId}/items: one page of a
// collection as a GeoJSON FeatureCollection, streamed as the store emits
// features, then numberReturned, numberMatched, timeStamp and the self and
// next links. Paging is by offset; next is present while features remain.
func (s *Server) items(c echo.Context) error {
	id := c.Param(paramPathCol)
	col, ok := data.LookupCollection(id)
	if !ok {
		return notFound(nil, "collection %q does not exist", id)
	}
	query, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	p, err := parseItemsParams(query)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	now := time.Now().UTC()
	q := data.ItemsQuery{BBox: p.BBox, Limit: p.Limit, Offset: p.Offset}

	fc := newFCWriter(c.Response())
	if err := s.store.Items(ctx, col.ID, q, fc.feature); err != nil {
		return fmt.Errorf("items of %s: %w", col.ID, err)
	}
	returned := fc.n

	// A page that came back short ends the collection, so the count is
	// known without asking the store (the last page, and most bbox queries,
	// cost one query instead of two). An empty page past the start says
	// nothing about the total.
	var matched int64
	if returned < p.Limit && (returned > 0 || p.Offset == 0) {
		matched = int64(p.Offset + returned)
	} else if matched, err = s.store.CountItems(ctx, col.ID, q); err != nil {
		return fmt.Errorf("count of %s: %w", col.ID, err)
	}

	links := []link{{Href: s.itemsURL(c, col.ID, p), Rel: relSelf, Type: mediaGeoJSON, Title: "Cette page"}}
	if next := int64(p.Offset + returned); returned > 0 && next < matched {
		np := p
		np.Offset = int(next)
		links = append(links, link{Href: s.itemsURL(c, col.ID, np), Rel: relNext, Type: mediaGeoJSON, Title: "Page suivante"})
	}
	return fc.finish(fcTail{
		NumberReturned: returned,
		NumberMatched:  matched,
		TimeStamp:      now.Format(time.RFC3339),
		Links:          links,
	})
}

// item answers GET /ogc/collections/{collectionId}/items/{featureId}: one
// Feature with a self link, or 404.
func (s *Server) item(c echo.Context) error {
	colID, fid := c.Param(paramPathCol), c.Param(paramPathFID)
	col, ok := data.LookupCollection(colID)
	if !ok {
		return notFound(nil, "collection %q does not exist", colID)
	}
	if err := checkNoParams(c); err != nil {
		return err
	}
	// An id that cannot be an integer cannot name a feature of an integer
	// collection: answer 404 here rather than ask the store to parse it.
	if col.IDType == data.TypeInteger {
		if _, err := strconv.ParseInt(fid, 10, 64); err != nil {
			return notFound(nil, "collection %q has no feature %q", col.ID, fid)
		}
	}
	f, err := s.store.Item(c.Request().Context(), col.ID, fid)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return notFound(err, "collection %q has no feature %q", col.ID, fid)
	case err != nil:
		return fmt.Errorf("item %s/%s: %w", col.ID, fid, err)
	}
	self := []link{{Href: s.itemURL(c, col.ID, fid), Rel: relSelf, Type: mediaGeoJSON, Title: "Cet objet"}}
	return c.Blob(http.StatusOK, mediaGeoJSON, withLinks(f, self))
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
