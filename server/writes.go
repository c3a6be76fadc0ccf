package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// The writes of OGC API – Features Part 4 on the writable collections
// (data.WritableProperties): POST a Feature to /items (201 and Location),
// PUT (replace) and PATCH (JSON merge patch, RFC 7396) and DELETE on
// /items/{featureId}. Each is one transaction of the store's Writer, with
// its history row; the data version moves with it, so no cached answer
// outlives it. Optimistic locking: every item carries an ETag derived
// from its content (itemTag), and If-Match on PUT, PATCH or DELETE is
// compared in the write's transaction, with the feature locked, so of two
// writers holding the same ETag exactly one wins and the other gets 412.

// mediaMergePatch is the body type of PATCH.
const mediaMergePatch = "application/merge-patch+json"

// writeTarget is what every write handler needs: the collection, the
// store's writer and the token allowed to write.
type writeTarget struct {
	col    data.Collection
	writer data.Writer
	token  data.Token
}

// writeTarget checks, in this order, that the collection exists, takes
// writes, that the store writes (the embedded one does not: 405 with the
// reason) and that the request carries a valid token (401).
func (s *Server) writeTarget(c echo.Context) (writeTarget, error) {
	colID := c.Param(paramPathCol)
	col, ok := lookupCollection(colID)
	if !ok {
		return writeTarget{}, notFound(nil, "collection %q does not exist", colID)
	}
	allow := "GET, HEAD"
	if data.WritableProperties(col.ID) == nil {
		c.Response().Header().Set(echo.HeaderAllow, allow)
		return writeTarget{}, &writeRefusal{status: http.StatusMethodNotAllowed, reason: "read_only", typ: problemReadOnly,
			title: "Method Not Allowed", detail: fmt.Sprintf("collection %q is read-only: %s", col.ID, readOnlyWhy(col.ID))}
	}
	writer, okW := s.store.(data.Writer)
	tokens, okT := s.store.(data.Tokens)
	if !okW || !okT {
		c.Response().Header().Set(echo.HeaderAllow, allow)
		return writeTarget{}, &writeRefusal{status: http.StatusMethodNotAllowed, reason: "read_only", typ: problemReadOnly,
			title: "Method Not Allowed", detail: "this server answers from its embedded, read-only dataset: writes need PostGIS (--database-url)"}
	}
	token, err := s.authenticate(c, tokens)
	if err != nil {
		return writeTarget{}, err
	}
	return writeTarget{col: col, writer: writer, token: token}, nil
}

// readOnlyWhy says why a collection takes no writes.
func readOnlyWhy(id string) string {
	switch {
	case strings.HasPrefix(id, "gaps"):
		return "gaps are computed from the other collections"
	}
	return "territories and indicators are loaded by import"
}

// readBody reads a write's body, checking its media type against want.
func readBody(c echo.Context, want ...string) ([]byte, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || !slices.Contains(want, mt) {
		return nil, &writeRefusal{status: http.StatusUnsupportedMediaType, reason: "invalid", typ: problemInvalidFeature,
			title: http.StatusText(http.StatusUnsupportedMediaType), param: "Content-Type",
			detail: fmt.Sprintf("Content-Type %q: want %s", ct, strings.Join(want, " or "))}
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, err
	}
	return body, nil
}

// createItem answers POST /collections/{id}/items.
func (s *Server) createItem(c echo.Context) error {
	t, err := s.writeTarget(c)
	if err != nil {
		return err
	}
	body, err := readBody(c, mediaGeoJSON, mediaJSON)
	if err != nil {
		return err
	}
	if _, err := data.CheckFeatureBody(t.col.ID, body, ""); err != nil {
		return err
	}
	var f struct{ ID json.RawMessage }
	_ = json.Unmarshal(body, &f)
	id := strings.Trim(string(bytes.TrimSpace(f.ID)), `"`)
	if id == "null" {
		id = ""
	}
	return s.write(c, t, data.FeatureWrite{Collection: t.col.ID, ID: id, Op: data.OpCreate,
		Body: func([]byte) ([]byte, error) { return body, nil }})
}

// replaceItem answers PUT /collections/{id}/items/{featureId}.
func (s *Server) replaceItem(c echo.Context) error {
	t, err := s.writeTarget(c)
	if err != nil {
		return err
	}
	fid := c.Param(paramPathFID)
	body, err := readBody(c, mediaGeoJSON, mediaJSON)
	if err != nil {
		return err
	}
	if _, err := data.CheckFeatureBody(t.col.ID, body, fid); err != nil {
		return err
	}
	return s.write(c, t, data.FeatureWrite{Collection: t.col.ID, ID: fid, Op: data.OpReplace,
		Body: func([]byte) ([]byte, error) { return body, nil }})
}

// updateItem answers PATCH /collections/{id}/items/{featureId}: the body,
// a JSON merge patch of the Feature, is merged into the stored feature
// (less its derived properties and links) in the write's transaction.
func (s *Server) updateItem(c echo.Context) error {
	t, err := s.writeTarget(c)
	if err != nil {
		return err
	}
	fid := c.Param(paramPathFID)
	patch, err := readBody(c, mediaMergePatch, mediaJSON)
	if err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(patch, &obj); err != nil || obj == nil {
		return &data.WriteError{Problems: []data.FieldProblem{{Field: "body", Reason: "a merge patch is a JSON object, such as {\"properties\": {\"employees\": 12}}"}}}
	}
	// The patch alone must not touch a derived or unknown property.
	probe := map[string]json.RawMessage{"type": json.RawMessage(`"Feature"`), "properties": obj["properties"], "geometry": obj["geometry"], "id": obj["id"]}
	if t, ok := obj["type"]; ok {
		probe["type"] = t
	}
	if raw, _ := json.Marshal(probe); raw != nil {
		if _, err := data.CheckFeatureBody(t.col.ID, raw, fid); err != nil {
			return err
		}
	}
	writable := data.WritableProperties(t.col.ID)
	return s.write(c, t, data.FeatureWrite{Collection: t.col.ID, ID: fid, Op: data.OpUpdate,
		Body: func(current []byte) ([]byte, error) {
			base, err := writablePart(current, writable, t.col.ID)
			if err != nil {
				return nil, err
			}
			return mergePatch(base, patch)
		}})
}

// deleteItem answers DELETE /collections/{id}/items/{featureId}.
func (s *Server) deleteItem(c echo.Context) error {
	t, err := s.writeTarget(c)
	if err != nil {
		return err
	}
	return s.write(c, t, data.FeatureWrite{Collection: t.col.ID, ID: c.Param(paramPathFID), Op: data.OpDelete})
}

// write runs one write with the request's preconditions and the token's
// scope as its Allow, and answers it.
func (s *Server) write(c echo.Context, t writeTarget, w data.FeatureWrite) error {
	ifMatch := c.Request().Header.Values("If-Match")
	w.Author = data.Author{TokenID: t.token.ID, Name: t.token.Name}
	w.Allow = func(before, after *data.FeatureState) error {
		if len(ifMatch) > 0 && (before == nil || !matchesItem(ifMatch, before.GeoJSON)) {
			return &writeRefusal{status: http.StatusPreconditionFailed, reason: "precondition", typ: problemPrecondition,
				title: "Precondition Failed", param: "If-Match",
				detail: "the feature changed since the ETag given in If-Match: read it again, then retry"}
		}
		return allowedPlaces(t.token, t.col.ID, before, after)
	}
	out, err := t.writer.WriteFeature(c.Request().Context(), w)
	if err != nil {
		var ce *data.ConflictError
		switch {
		case errors.Is(err, data.ErrNotFound):
			return notFound(err, "collection %q has no feature %q", t.col.ID, w.ID)
		case errors.As(err, &ce):
			return &writeRefusal{status: http.StatusConflict, reason: "conflict", typ: problemConflict, title: "Conflict", detail: ce.Reason}
		}
		return err
	}
	setReadAfter(c, out.ReadAfter)
	if w.Op == data.OpDelete {
		return c.NoContent(http.StatusNoContent)
	}
	h := c.Response().Header()
	h.Set(headerETag, itemTag(out.GeoJSON))
	url := s.itemURL(c, t.col.ID, out.ID, formatJSON)
	status := http.StatusOK
	if w.Op == data.OpCreate {
		status = http.StatusCreated
		h.Set(echo.HeaderLocation, url)
	}
	links := []link{{Href: url, Rel: relSelf, Type: mediaGeoJSON, Title: "Ce document"}}
	return c.Blob(status, mediaGeoJSON, withLinks(out.GeoJSON, links))
}

// writablePart is a stored feature with only what a write may set: its
// type, id, writable properties and (for actors) geometry.
func writablePart(feature []byte, writable []string, collection string) ([]byte, error) {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(feature, &f); err != nil {
		return nil, err
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(f["properties"], &props); err != nil {
		return nil, err
	}
	for k := range props {
		if !slices.Contains(writable, k) {
			delete(props, k)
		}
	}
	if raw, ok := props["member_list"]; ok {
		// A member as written: its actor and role (its name, kind and
		// world are derived).
		var members []struct {
			Actor json.RawMessage `json:"actor"`
			Role  json.RawMessage `json:"role"`
		}
		if err := json.Unmarshal(data.MemberListJSON(raw), &members); err != nil {
			return nil, err
		}
		b, err := json.Marshal(members)
		if err != nil {
			return nil, err
		}
		props["member_list"] = b
	}
	out := map[string]any{"type": "Feature", "id": f["id"], "properties": props}
	if collection == data.CollectionActors {
		out["geometry"] = f["geometry"]
	}
	return json.Marshal(out)
}

// mergePatch applies an RFC 7396 JSON merge patch to a document: objects
// merge member by member, null removes a member, anything else replaces.
func mergePatch(doc, patch []byte) ([]byte, error) {
	var d, p any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(patch, &p); err != nil {
		return nil, err
	}
	return json.Marshal(mergeValue(d, p))
}

func mergeValue(target, patch any) any {
	po, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	to, ok := target.(map[string]any)
	if !ok {
		to = map[string]any{}
	}
	for k, v := range po {
		if v == nil {
			delete(to, k)
			continue
		}
		to[k] = mergeValue(to[k], v)
	}
	return to
}
