package server

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// itemsParams are the validated query parameters of /items. BBox is nil
// when none was given; Limit is in 1..maxLimit. After is the feature id the
// cursor carries (Cursor is the token itself, for links); During and
// Datetime (as given, for links) are set together; Equals follows the
// order of the collection's Queryables. CRS is the output CRS (crs);
// BBox is always in CRS84, converted from BBoxGiven, the numbers as given
// in BBoxCRS (bbox-crs), which links carry on (crs.go).
type itemsParams struct {
	BBox      *orb.Bound
	BBoxGiven orb.Bound
	BBoxCRS   geo.CRS
	CRS       geo.CRS
	Limit     int
	Offset    int
	Cursor    string
	After     string
	Datetime  string
	During    *data.Interval
	Equals    []data.PropertyFilter
	// Touches is the either-end territory filter (touches.go), nil for none.
	Touches *data.TerritoryRef
	// part3Params are filter, properties and sortby (filter.go).
	part3Params
}

// itemsParamNames lists every query parameter /items accepts for col: the
// one list both parseItemsParams and the OpenAPI document (openapi.go) are
// built from, so that a parameter cannot be accepted without being
// declared, nor declared without being accepted. datetime is accepted only
// on temporal collections, and each queryable property is a parameter of
// its own collection.
func itemsParamNames(col data.Collection) []string {
	names := []string{paramBBox, paramBBoxCRS, paramLimit, paramOffset, paramCursor, paramCRS, paramF}
	if col.Temporal != "" {
		names = append(names, paramDatetime)
	}
	names = append(names, paramFilter, paramFilterLang, paramFilterCRS, paramProperties, paramSortBy)
	names = append(names, touchParamNames(col)...)
	return append(names, col.Queryables...)
}

// parseItemsParams validates the query string of /items for col. Any
// parameter not in itemsParamNames(col) is a 400, as OGC API – Features
// requires. f is accepted here and read by negotiate.
func parseItemsParams(col data.Collection, q url.Values) (itemsParams, error) {
	if _, ok := q[paramDatetime]; ok && col.Temporal == "" {
		return itemsParams{}, paramErrorf(paramDatetime, "collection %q has no temporal property to filter on", col.ID)
	}
	if err := checkParams(q, itemsParamNames(col)...); err != nil {
		return itemsParams{}, err
	}
	p := itemsParams{Limit: defaultLimit}
	var err error
	if p.CRS, p.BBoxCRS, err = parseCRSParams(q); err != nil {
		return itemsParams{}, err
	}
	if v, ok := single(q, paramBBox); ok {
		if p.BBox, p.BBoxGiven, err = parseBBoxIn(v, p.BBoxCRS); err != nil {
			return itemsParams{}, err
		}
	}
	if v, ok := single(q, paramLimit); ok {
		if p.Limit, err = parseLimit(v); err != nil {
			return itemsParams{}, err
		}
	}
	if v, ok := single(q, paramOffset); ok {
		if p.Offset, err = parseOffset(v); err != nil {
			return itemsParams{}, err
		}
	}
	if v, ok := single(q, paramCursor); ok {
		if p.After, err = decodeCursor(col, v); err != nil {
			return itemsParams{}, err
		}
		p.Cursor = v
	}
	if p.During, p.Datetime, err = readDatetime(q); err != nil {
		return itemsParams{}, err
	}
	if p.Equals, err = parseEquals(col, q); err != nil {
		return itemsParams{}, err
	}
	if p.Touches, err = parseTouches(col, q); err != nil {
		return itemsParams{}, err
	}
	if p.part3Params, err = parsePart3(col, q); err != nil {
		return itemsParams{}, err
	}
	if p.Cursor != "" && len(p.SortBy) > 0 {
		return itemsParams{}, paramErrorf(paramCursor, "cannot be combined with sortby: sorted pages are paged by offset (follow the next links)")
	}
	return p, nil
}

// query is the store query of p on col, the filter's equalities said as
// equality parameters (data.Collection.FoldEquals). Limit is left to the
// caller, which may ask for one feature more than a page to learn whether
// another follows.
func (p itemsParams) query(col data.Collection) data.ItemsQuery {
	equals, filter := col.FoldEquals(p.Equals, p.Filter)
	return data.ItemsQuery{BBox: p.BBox, Offset: p.Offset, After: p.After, Equals: equals, During: p.During, CRS: p.CRS, Touches: p.Touches,
		Filter: filter, Properties: p.Properties, SortBy: p.SortBy}
}

// checkOnlyF validates the query string of a resource whose only parameter
// is f, and negotiates its format.
func checkOnlyF(c echo.Context) (format, error) {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return formatJSON, err
	}
	if err := checkParams(q, paramF); err != nil {
		return formatJSON, err
	}
	return negotiate(c, q)
}

// queryParams parses the request's query string strictly. Go's own parser
// (and Echo's QueryParams) silently drops a pair it cannot read, such as
// "bbox=4;45;5;46" or a broken %-escape, which would serve a request with
// the parameter ignored; here such a pair is a 400 naming it.
func queryParams(rawQuery string) (url.Values, error) {
	q, err := url.ParseQuery(rawQuery)
	if err == nil {
		return q, nil
	}
	for _, pair := range strings.Split(rawQuery, "&") {
		if _, perr := url.ParseQuery(pair); perr == nil {
			continue
		}
		name, _, _ := strings.Cut(pair, "=")
		if n, uerr := url.QueryUnescape(name); uerr == nil {
			name = n
		}
		if strings.Contains(pair, ";") {
			return nil, paramErrorf(clip(name), "cannot read %q: separate parameters with & (a semicolon is not a separator)", clip(pair))
		}
		return nil, paramErrorf(clip(name), "cannot read %q: malformed percent-encoding", clip(pair))
	}
	return nil, paramErrorf("", "malformed query string")
}

// checkParams refuses a parameter not in allowed, or given more than once.
// Names are compared exactly (OGC parameter names are case-sensitive); the
// first offender in name order is reported, so the answer is stable.
func checkParams(q url.Values, allowed ...string) error {
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			if len(allowed) == 0 {
				return paramErrorf(name, "unknown parameter; this endpoint takes no query parameters")
			}
			return paramErrorf(name, "unknown parameter; this endpoint accepts %s", strings.Join(allowed, ", "))
		}
		if n := len(q[name]); n > 1 {
			return paramErrorf(name, "given %d times; give it once", n)
		}
	}
	return nil
}

// checkNoParams refuses any query parameter, for endpoints that take none.
func checkNoParams(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	return checkParams(q)
}

// single returns the one value of a parameter checkParams has accepted.
func single(q url.Values, name string) (string, bool) {
	vs := q[name]
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// parseBBox reads "minx,miny,maxx,maxy" in CRS84 (lon/lat degrees), or the
// 6-number form "minx,miny,minz,maxx,maxy,maxz" whose heights are ignored.
// Numbers are parsed tolerantly, as GDAL sends them with %.18g
// ("10.1500000000000004") and some clients pad with spaces. The box must not
// cross the antimeridian (min ≤ max on both axes).
func parseBBox(s string) (*orb.Bound, error) {
	b, err := bboxNumbers(s)
	if err != nil {
		return nil, err
	}
	minX, minY, maxX, maxY := b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	switch {
	case minX < -180 || minX > 180 || maxX < -180 || maxX > 180:
		return nil, paramErrorf(paramBBox, "longitudes must lie in -180..180 (CRS84), got %g and %g", minX, maxX)
	case minY < -90 || minY > 90 || maxY < -90 || maxY > 90:
		return nil, paramErrorf(paramBBox, "latitudes must lie in -90..90 (CRS84), got %g and %g", minY, maxY)
	case minX > maxX:
		return nil, paramErrorf(paramBBox, "minx %g is greater than maxx %g (boxes across the antimeridian are not supported)", minX, maxX)
	case minY > maxY:
		return nil, paramErrorf(paramBBox, "miny %g is greater than maxy %g", minY, maxY)
	}
	return &orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}, nil
}

// bboxNumbers reads the 4 or 6 numbers of a bbox (see parseBBox), heights
// dropped, as a bound whose Min and Max are not checked.
func bboxNumbers(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return orb.Bound{}, paramErrorf(paramBBox, "want 4 numbers minx,miny,maxx,maxy (or 6 with heights), got %d value(s)", len(parts))
	}
	v := make([]float64, len(parts))
	for i, part := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, paramErrorf(paramBBox, "value %d (%q) is not a finite number", i+1, clip(part))
		}
		v[i] = f
	}
	if len(v) == 6 {
		return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[3], v[4]}}, nil
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// parseLimit reads a page size: an integer ≥ 1. A value above maxLimit is
// lowered to maxLimit, not refused (OGC API – Features,
// /req/core/fc-limit-response-1).
func parseLimit(s string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !strings.HasPrefix(strings.TrimSpace(s), "-") {
			return maxLimit, nil
		}
		return 0, paramErrorf(paramLimit, "%q is not an integer", clip(s))
	}
	switch {
	case n < 1:
		return 0, paramErrorf(paramLimit, "must be at least 1, got %d", n)
	case n > maxLimit:
		return maxLimit, nil
	}
	return int(n), nil
}

// parseOffset reads how many matching features to skip: an integer ≥ 0.
func parseOffset(s string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, paramErrorf(paramOffset, "%q is not an integer in 0..%d", clip(s), math.MaxInt32)
	}
	if n < 0 || n > math.MaxInt32 {
		return 0, paramErrorf(paramOffset, "must lie in 0..%d, got %d", math.MaxInt32, n)
	}
	return int(n), nil
}

// clip shortens a client's value before it is quoted back in an error.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// paramLevel is the territory level parameter (region, departement, epci,
// commune) of every endpoint that takes one: one name, as the viewer and
// the OpenAPI document know it, whatever levels the endpoint allows.
const paramLevel = "level"

// levelParam reads a territory level parameter (level, or a second one such
// as gaps' within_level): one of allowed, def when absent ("" for an
// endpoint with no default, whose caller decides what absence means). The
// endpoints allow different levels (flows none finer than the EPCI, an
// indicator none finer than its own finest), so each passes its list, and
// a refusal names what that endpoint accepts.
func levelParam(q url.Values, name string, allowed []geo.Level, def geo.Level) (geo.Level, error) {
	v, ok := single(q, name)
	if !ok {
		return def, nil
	}
	if l := geo.Level(v); slices.Contains(allowed, l) {
		return l, nil
	}
	return "", paramErrorf(name, "%q is not one of %s", clip(v), levelList(allowed))
}

// requiredLevel reads level for an endpoint that has no sensible default
// (gaps and flows: every territory of which level?): absent is refused.
func requiredLevel(q url.Values, allowed []geo.Level) (geo.Level, error) {
	if _, ok := single(q, paramLevel); !ok {
		return "", paramErrorf(paramLevel, "is required: one of %s", levelList(allowed))
	}
	return levelParam(q, paramLevel, allowed, "")
}

// levelList names levels for a message: "region or departement".
func levelList(levels []geo.Level) string {
	return strings.Join(levelNames(levels), " or ")
}

// readDatetime reads the datetime parameter (parseDatetime): nil when
// absent, with the text as given for the links that keep it. The analyses
// read it through readAnalysisDatetime (absent: today).
func readDatetime(q url.Values) (*data.Interval, string, error) {
	v, ok := single(q, paramDatetime)
	if !ok {
		return nil, "", nil
	}
	during, err := parseDatetime(v)
	return during, v, err
}

// intParam reads a count parameter (a limit, a top): an integer in 1..max,
// def when absent; anything else is a *ParamError naming it.
func intParam(q url.Values, name string, def, max int) (int, error) {
	v, ok := single(q, name)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, paramErrorf(name, "%q is not an integer in 1..%d", clip(v), max)
	}
	return n, nil
}
