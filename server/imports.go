package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
)

// POST /api/imports?kind=KIND[&name=FILE] loads one file, as `maillage
// import KIND FILE` does, over HTTP: the same kinds and formats (plain or
// gzip, actors as CSV or GeoJSON), one transaction, every bad row listed
// with its line (422), nothing written then. The body is the file itself,
// or a multipart/form-data form whose part "file" is the file (and whose
// field "kind" may give the kind). Admins only. One import runs at a time:
// a second one meanwhile gets 503 with Retry-After. The body may reach
// Config.MaxImportBytes and the request Config.ImportTimeout.

const (
	pathImports      = "/api/imports"
	paramImportKind  = "kind"
	paramImportName  = "name"
	importFilePart   = "file"
	importRetryAfter = 30 * time.Second
)

// importReport is the answer of an accepted import.
type importReport struct {
	Kind    data.ImportKind `json:"kind"`
	File    string          `json:"file"`
	Rows    int             `json:"rows"`
	Seconds float64         `json:"seconds"`
	// Summary says what a registry's file held beyond the rows written.
	Summary string `json:"summary,omitempty"`
}

// importRunning lets one import run at a time per server.
type importRunning struct{ mu sync.Mutex }

// imports answers POST /api/imports.
func (s *Server) imports(c echo.Context) error {
	importer, okI := s.store.(data.Importer)
	tokens, okT := s.store.(data.Tokens)
	if !okI || !okT {
		c.Response().Header().Set(echo.HeaderAllow, "")
		return &writeRefusal{status: http.StatusMethodNotAllowed, reason: "read_only", typ: problemReadOnly, title: "Method Not Allowed",
			detail: "this server answers from its embedded, read-only dataset: imports need PostGIS (--database-url)"}
	}
	token, err := s.authenticate(c, tokens)
	if err != nil {
		return err
	}
	if token.Role != data.RoleAdmin {
		return forbidden(fmt.Sprintf("token %q is an editor's: imports are for admins (`maillage token create --role admin`)", token.Name))
	}
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, paramImportKind, paramImportName); err != nil {
		return err
	}
	kind, _ := single(q, paramImportKind)
	name, _ := single(q, paramImportName)
	body, formKind, fileName, err := importBody(c)
	if err != nil {
		return err
	}
	if kind == "" {
		kind = formKind
	}
	if name == "" {
		name = fileName
	}
	if !slices.Contains(data.ImportKinds, data.ImportKind(kind)) {
		var kinds []string
		for _, k := range data.ImportKinds {
			kinds = append(kinds, string(k))
		}
		return paramErrorf(paramImportKind, "%q is not one of %s", clip(kind), strings.Join(kinds, ", "))
	}
	if name == "" {
		name = kind
	}
	if !s.importing.mu.TryLock() {
		return &overloadedError{retryAfter: importRetryAfter, what: "an import is running; one runs at a time"}
	}
	defer s.importing.mu.Unlock()
	// The upload may take longer than the server's read timeout, which
	// bounds every other request: this one has its own deadline.
	rc := http.NewResponseController(c.Response().Writer)
	deadline := time.Now().Add(s.cfg.ImportTimeout)
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline.Add(writeGrace))

	geoJSON, binary := data.FileFormat(data.ImportKind(kind), name)
	geoJSON = geoJSON || strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), mediaGeoJSON)
	start := time.Now()
	res, err := importer.Import(c.Request().Context(), data.ImportRequest{Kind: data.ImportKind(kind), Name: name, Body: body, GeoJSON: geoJSON,
		Binary: binary, Author: data.Author{TokenID: token.ID, Name: token.Name}})
	var ie *data.ImportError
	if errors.As(err, &ie) {
		return &writeRefusal{status: http.StatusUnprocessableEntity, reason: "invalid", typ: problemInvalidFeature,
			title: "Unprocessable file", detail: fmt.Sprintf("%s: %d bad row(s), nothing imported", ie.File, len(ie.Rows)), rows: ie.Rows}
	}
	if err != nil {
		return err
	}
	setReadAfter(c, res.ReadAfter)
	return c.JSON(http.StatusOK, importReport{Kind: data.ImportKind(kind), File: name, Rows: res.Rows, Seconds: time.Since(start).Seconds(), Summary: res.Summary})
}

// importBody is the file of an import request: the body itself, or the
// "file" part of a multipart form (with the form's "kind" field and the
// part's file name, read from the form fields before the file).
func importBody(c echo.Context) (body io.Reader, kind, fileName string, err error) {
	mt, params, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != "multipart/form-data" {
		return c.Request().Body, "", "", nil
	}
	mr := multipart.NewReader(c.Request().Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", "", paramErrorf(importFilePart, "the form has no part %q holding the file", importFilePart)
		}
		if err != nil {
			return nil, "", "", paramErrorf(importFilePart, "the multipart body cannot be read: %v", err)
		}
		switch part.FormName() {
		case importFilePart:
			return part, kind, part.FileName(), nil
		case paramImportKind:
			b, _ := io.ReadAll(io.LimitReader(part, 64))
			kind = strings.TrimSpace(string(b))
		}
	}
}
