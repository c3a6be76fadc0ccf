package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// format is the representation a request is answered in.
type format int

const (
	formatJSON format = iota // JSON, or GeoJSON for features
	formatHTML
)

// negotiate picks the representation of a response: the f parameter when
// given (json, geojson or html, anything else a 400 naming f), otherwise
// the Accept header. JSON is the default: a missing Accept, */*, or one
// naming nothing we serve gets JSON rather than a 406, since the clients
// that matter (GDAL, QGIS, curl) all read JSON. HTML wins only when Accept
// rates text/html above every JSON type, as browsers do. The response
// varies on Accept either way.
func negotiate(c echo.Context, q url.Values) (format, error) {
	c.Response().Header().Add(echo.HeaderVary, echo.HeaderAccept)
	if v, ok := single(q, paramF); ok {
		switch v {
		case fJSON, fGeoJSON:
			return formatJSON, nil
		case fHTML:
			return formatHTML, nil
		}
		return formatJSON, paramErrorf(paramF, "%q is not a format; use json, geojson or html", clip(v))
	}
	return acceptFormat(c.Request().Header.Values(echo.HeaderAccept)), nil
}

// jsonMediaTypes are the Accept entries answered with JSON; which JSON type
// the body carries depends on the resource, not on which of these matched.
// A function rather than a variable: package state stays constant.
func jsonMediaTypes() []string {
	return []string{mediaJSON, mediaGeoJSON, "application/vnd.oai.openapi+json", "application/openapi+json", "application/schema+json"}
}

// acceptFormat reads Accept header values: HTML when it is preferred
// (acceptPrefers), JSON otherwise.
func acceptFormat(values []string) format {
	if acceptPrefers(values, []string{mediaHTML, "application/xhtml+xml"}) {
		return formatHTML
	}
	return formatJSON
}

// acceptPrefers reports whether Accept header values rate one of types
// above every JSON type. Each side's quality is that of the most specific
// range matching one of its types (type/subtype beats type/*, which beats
// */*), per RFC 9110 §12.5.1; media type parameters other than q are
// ignored. Ties, and no Accept at all, go to JSON.
func acceptPrefers(values, types []string) bool {
	jsonQ, jsonSpec := 0.0, -1
	altQ, altSpec := 0.0, -1
	for _, r := range parseAccept(values) {
		if spec := rangeMatch(r.mediaType, jsonMediaTypes()); spec > jsonSpec {
			jsonQ, jsonSpec = r.q, spec
		}
		if spec := rangeMatch(r.mediaType, types); spec > altSpec {
			altQ, altSpec = r.q, spec
		}
	}
	return altQ > jsonQ
}

// The CSV answer of the resources that offer one (/api/stats, /api/gaps):
// f=csv, or f=json (the default); HTML is not offered.
const (
	fCSV     = "csv"
	mediaCSV = "text/csv; charset=utf-8"
)

// negotiateCSV reports whether the answer is CSV: f when given (json or
// csv, anything else a 400 naming f), otherwise Accept, where text/csv must
// be rated above every JSON type (ties, */* and browsers get JSON).
func negotiateCSV(c echo.Context, q url.Values) (bool, error) {
	c.Response().Header().Add(echo.HeaderVary, echo.HeaderAccept)
	if v, ok := single(q, paramF); ok {
		switch v {
		case fJSON:
			return false, nil
		case fCSV:
			return true, nil
		}
		return false, paramErrorf(paramF, "%q is not a format of this resource; use json or csv", clip(v))
	}
	return acceptPrefers(c.Request().Header.Values(echo.HeaderAccept), []string{"text/csv"}), nil
}

// rangeMatch reports how specifically the media range r matches one of
// types: 2 for an exact type, 1 for type/*, 0 for */*, -1 for no match.
func rangeMatch(r string, types []string) int {
	best := -1
	for _, t := range types {
		switch {
		case r == t:
			return 2
		case strings.HasSuffix(r, "/*") && strings.HasPrefix(t, strings.TrimSuffix(r, "*")) && r != "*/*":
			best = max(best, 1)
		case r == "*/*":
			best = max(best, 0)
		}
	}
	return best
}

// writeJSON answers 200 with v as JSON of the given media type. Unlike
// c.JSON it leaves & < > unescaped, so hrefs read as they are.
func writeJSON(c echo.Context, mediaType string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode %s: %w", mediaType, err)
	}
	return c.Blob(http.StatusOK, mediaType, b.Bytes())
}

// acceptRange is one media range of an Accept header and its quality.
type acceptRange struct {
	mediaType string
	q         float64
}

// parseAccept splits Accept header values into lower-cased media ranges and
// their q (1 when absent or unreadable); other parameters are ignored.
func parseAccept(values []string) []acceptRange {
	var out []acceptRange
	for _, v := range values {
		for item := range strings.SplitSeq(v, ",") {
			mt, params, _ := strings.Cut(item, ";")
			if mt = strings.ToLower(strings.TrimSpace(mt)); mt == "" {
				continue
			}
			r := acceptRange{mediaType: mt, q: 1}
			for param := range strings.SplitSeq(params, ";") {
				k, val, _ := strings.Cut(param, "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil && f >= 0 && f <= 1 {
						r.q = f
					}
				}
			}
			out = append(out, r)
		}
	}
	return out
}
