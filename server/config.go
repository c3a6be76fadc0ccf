package server

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/maillage/maillage/analysis"
)

// Config holds the server's settings. Zero fields take the defaults below
// (New applies them), so Config{} is a working local server.
type Config struct {
	// Addr is the host:port Run listens on.
	Addr string
	// RequestTimeout bounds each request, store query included: the store
	// sees it as the request context's deadline. Exceeded → 504.
	RequestTimeout time.Duration
	// ShutdownTimeout is how long Run waits for requests in flight once its
	// context is cancelled.
	ShutdownTimeout time.Duration
	// MaxBodyBytes caps request bodies (a feature written). Larger → 413.
	MaxBodyBytes int64
	// MaxImportBytes caps the body of POST /api/imports, a whole file
	// (compressed or not), and ImportTimeout its deadline, reading the
	// upload included: imports are the one long request.
	MaxImportBytes int64
	ImportTimeout  time.Duration
	// BaseURL is the public URL the server is reached at, such as
	// "https://maillage.example.org" behind a proxy, without a trailing
	// slash. Every href is absolute (QGIS and GDAL need it); when BaseURL is
	// empty they are built from the request's scheme and Host.
	BaseURL string
	// GzipMinBytes is the smallest response body worth compressing; smaller
	// ones go out plain even to a client that accepts gzip.
	GzipMinBytes int
	// CountLimit bounds the count behind numberMatched: a query matching
	// more features gets no numberMatched (OGC allows leaving it out)
	// rather than a full count of a huge table holding up every page.
	// Negative means no limit.
	CountLimit int64
	// HeavyInFlight bounds the heavy analyses computed at once, HeavyQueue
	// those waiting for a turn, HeavyWait how long one waits before a 503
	// (admission.go). Zero means the defaults: one per core, four per
	// running one, 10 s.
	HeavyInFlight int
	HeavyQueue    int
	HeavyWait     time.Duration
	// HeldRetries bounds the heavy requests held at once because their
	// connection came back before the Retry-After of its last refusal
	// (early_retries.go). Zero means a quarter of MaxInFlight; negative,
	// none held (an early request is refused at once).
	HeldRetries int
	// MaxInFlight bounds all requests answered at once, probes and scrapes
	// aside; beyond it, 503 at once. Zero means DefaultMaxInFlight.
	MaxInFlight int
	// ResponseCacheBytes bounds the whole answers kept by ETag
	// (response_cache.go). Zero means DefaultResponseCacheBytes; negative
	// keeps none.
	ResponseCacheBytes int64
	// Analysis sizes the analysis layer (its cache of answers by data
	// version).
	Analysis analysis.Config
	// RateLimit is each client's sustained rate in requests per second
	// (ratelimit.go), RateBurst the requests it may send at once; zero
	// RateLimit means no limit, zero RateBurst twice the rate.
	RateLimit float64
	RateBurst int
	// CORSOrigins are the origins whose pages may read the API (CORS);
	// nil means any ("*"), as public OGC APIs allow; an empty non-nil list
	// sends no CORS headers at all.
	CORSOrigins []string
	// CORSWriteOrigins are the origins whose pages may write (POST, PUT,
	// PATCH, DELETE with a token); none by default.
	CORSWriteOrigins []string
	// VendorDir is the folder /vendor/maplibre-gl/ serves: MapLibre GL JS's
	// dist folder, which `npm ci` installs. A missing folder leaves the API
	// working and the viewer's page without its map (404s, logged).
	VendorDir string
	// Vendor, when not nil, holds MapLibre's files in place of VendorDir:
	// the binary's own copy (static.MapLibre, built in by make build), so
	// the viewer works wherever the binary runs.
	Vendor fs.FS
}

// Defaults applied by New to zero fields.
const (
	DefaultAddr            = "127.0.0.1:8080"
	DefaultRequestTimeout  = 30 * time.Second
	DefaultShutdownTimeout = 10 * time.Second
	DefaultMaxBodyBytes    = 1 << 20 // a feature is far smaller
	DefaultMaxImportBytes  = 1 << 30 // a région's SIRENE extract, gzipped
	DefaultImportTimeout   = 15 * time.Minute
	DefaultGzipMinBytes    = 1024
	DefaultCountLimit      = 100_000
	DefaultVendorDir       = "node_modules/maplibre-gl/dist"
	DefaultHeavyWait       = 10 * time.Second
	// DefaultMaxInFlight: a 10 000-feature page holds a few MB while it
	// streams; 256 of them stay within the default memory limit.
	DefaultMaxInFlight = 256
)

// Validate reports every problem of c at once (errors.Join), or nil. Zero
// values are valid: they mean the defaults.
func (c Config) Validate() error {
	var errs []error
	if c.Addr != "" {
		if _, port, err := net.SplitHostPort(c.Addr); err != nil {
			errs = append(errs, fmt.Errorf("addr %q: want host:port (%v)", c.Addr, err))
		} else if port == "" {
			errs = append(errs, fmt.Errorf("addr %q: missing port", c.Addr))
		}
	}
	if c.RequestTimeout < 0 {
		errs = append(errs, fmt.Errorf("request timeout %s is negative", c.RequestTimeout))
	}
	if c.RateLimit < 0 || math.IsNaN(c.RateLimit) || math.IsInf(c.RateLimit, 0) {
		errs = append(errs, fmt.Errorf("rate limit %g is not a rate: want requests per second, 0 for none", c.RateLimit))
	}
	if c.RateBurst < 0 {
		errs = append(errs, fmt.Errorf("rate burst %d is negative", c.RateBurst))
	}
	if c.ShutdownTimeout < 0 {
		errs = append(errs, fmt.Errorf("shutdown timeout %s is negative", c.ShutdownTimeout))
	}
	if c.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("max body bytes %d is negative", c.MaxBodyBytes))
	}
	if c.MaxImportBytes < 0 {
		errs = append(errs, fmt.Errorf("max import bytes %d is negative", c.MaxImportBytes))
	}
	if c.ImportTimeout < 0 {
		errs = append(errs, fmt.Errorf("import timeout %s is negative", c.ImportTimeout))
	}
	if c.GzipMinBytes < 0 {
		errs = append(errs, fmt.Errorf("gzip min bytes %d is negative", c.GzipMinBytes))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("base URL %q: %v", c.BaseURL, err))
		case u.Scheme != "http" && u.Scheme != "https":
			errs = append(errs, fmt.Errorf("base URL %q: want an absolute http or https URL", c.BaseURL))
		case u.Host == "":
			errs = append(errs, fmt.Errorf("base URL %q: missing host", c.BaseURL))
		case u.RawQuery != "" || u.Fragment != "":
			errs = append(errs, fmt.Errorf("base URL %q: must not have a query or fragment", c.BaseURL))
		}
	}
	return errors.Join(errs...)
}

// withDefaults returns c with zero fields set to their defaults and BaseURL
// stripped of any trailing slash.
func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxImportBytes == 0 {
		c.MaxImportBytes = DefaultMaxImportBytes
	}
	if c.ImportTimeout == 0 {
		c.ImportTimeout = DefaultImportTimeout
	}
	if c.GzipMinBytes == 0 {
		c.GzipMinBytes = DefaultGzipMinBytes
	}
	if c.CountLimit == 0 {
		c.CountLimit = DefaultCountLimit
	}
	if c.VendorDir == "" {
		c.VendorDir = DefaultVendorDir
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = DefaultMaxInFlight
	}
	if c.CORSOrigins == nil {
		c.CORSOrigins = []string{"*"}
	}
	if c.HeavyInFlight <= 0 {
		c.HeavyInFlight = defaultHeavyInFlight()
	}
	if c.HeavyQueue <= 0 {
		c.HeavyQueue = 4 * c.HeavyInFlight
	}
	if c.HeavyWait <= 0 {
		c.HeavyWait = DefaultHeavyWait
	}
	if c.HeldRetries == 0 {
		c.HeldRetries = c.MaxInFlight / 4
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c
}
