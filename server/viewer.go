package server

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/static"
)

// The browser viewer: its page and its own files, embedded (package
// static), and MapLibre GL JS, read from node_modules on disk (npm ci puts
// it there; see Config.VendorDir). These are assets, not API: the OpenAPI
// document leaves them out (assetRoutes).
// pathViewer, the page, is in vocab.go.
const (
	routeStatic = "/static/*"
	routeVendor = "/vendor/maplibre-gl/*"
)

// assetRoutes are the routes that serve the viewer's files rather than the
// API; TestOpenAPIDeclaresEveryRoute exempts them.
var assetRoutes = []string{pathViewer, routeStatic, routeVendor}

// assetTypes are the Content-Types of the files the viewer loads. MapLibre's
// modules end in .mjs, which Go's mime table may not know and a browser
// refuses to run as a module under any non-JavaScript type.
var assetTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".map":  "application/json",
	".json": "application/json",
	".png":  "image/png",
	".svg":  "image/svg+xml",
}

// viewer serves the viewer's page.
func (s *Server) viewer(c echo.Context) error {
	return s.serveAsset(c, "static", static.FS, static.Index)
}

// staticFile serves one of the viewer's embedded files.
func (s *Server) staticFile(c echo.Context) error {
	return s.serveAsset(c, "static", static.FS, c.Param("*"))
}

// vendorFile serves one file of MapLibre's dist folder. A missing folder
// is a 404 with a log line that says how to fix it, not a 500: the API
// works without the viewer.
func (s *Server) vendorFile(c echo.Context) error {
	if s.cfg.Vendor != nil {
		return s.serveAsset(c, "vendor", s.cfg.Vendor, c.Param("*"))
	}
	dir := s.cfg.VendorDir
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		s.log.Warn("MapLibre GL JS is missing: run `npm ci` in the repository, or point --vendor-dir (MAILLAGE_VENDOR_DIR) at maplibre-gl/dist",
			"vendor_dir", dir)
		return notFound(nil, "the viewer's MapLibre files are not installed on this server")
	}
	return s.serveAsset(c, "vendor", os.DirFS(dir), c.Param("*"))
}

// serveAsset writes the regular file name of fsys (served as from: see
// assetKey), or a 404 problem. It refuses what fs.ValidPath refuses (..,
// empty or rooted names), which keeps it inside fsys, lists no directory,
// and serves no type it does not know. http.ServeContent answers
// conditional requests (by the file's ETag: asset_etag.go) and ranges.
func (s *Server) serveAsset(c echo.Context, from string, fsys fs.FS, name string) error {
	ctype, known := assetTypes[path.Ext(name)]
	if !known || !fs.ValidPath(name) || strings.Contains(name, "\\") {
		return notFound(nil, "no file %q", clip(name))
	}
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
			return notFound(err, "no file %q", clip(name))
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return notFound(nil, "no file %q", clip(name))
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok { // os and embed files both seek; anything else is read whole
		b, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		rs = strings.NewReader(string(b))
	}
	tag, err := s.assets.tag(from, name, st, rs, c.Request().Header.Get(echo.HeaderAcceptEncoding))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ctype)
	h.Set(headerETag, tag)
	// Revalidate every time: the embedded files change with the binary,
	// MapLibre with npm ci, and neither has a hashed name.
	h[echo.HeaderCacheControl] = noCacheValue
	// Embedded files have no time: ServeContent then sends no
	// Last-Modified.
	http.ServeContent(c.Response(), c.Request(), path.Base(name), st.ModTime(), rs)
	return nil
}
