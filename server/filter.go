package server

import (
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
)

// OGC API – Features Part 3 (Filtering) and property selection: parameter
// names, the filter languages, the queryables link relation and media
// type, and the conformance classes. A class is listed only because what
// it requires holds: Basic CQL2 with its DATE and TIMESTAMP literals, the
// advanced comparisons LIKE, IN and BETWEEN (not claimed: CASEI and
// ACCENTI are missing), and S_INTERSECTS with points, lines, polygons,
// their Multi forms, collections and BBOX.
const (
	paramFilter     = "filter"
	paramFilterLang = "filter-lang"
	paramFilterCRS  = "filter-crs"
	paramProperties = "properties"
	paramSortBy     = "sortby"

	routeQueryables = "/collections/:collectionId/queryables"
	relQueryables   = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
	mediaSchemaJSON = "application/schema+json"

	confFilter            = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter"
	confFeaturesFilter    = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter"
	confQueryables        = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables"
	confQueryablesParams  = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters"
	confCQL2Text          = "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text"
	confCQL2JSON          = "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json"
	confBasicCQL2         = "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2"
	confBasicSpatial      = "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions"
	confAdvancedCompare   = "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators"
	confBasicSpatialPlus  = "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus"
	confSpatialFunctions  = "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions"
	confCaseInsensitive   = "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison"
	confAccentInsensitive = "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison"
	confPropertyProperty  = "http://www.opengis.net/spec/cql2/1.0/conf/property-property"
	confTemporalFunctions = "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions"
	confArithmetic        = "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic"
	confArrayFunctions    = "http://www.opengis.net/spec/cql2/1.0/conf/array-functions"
)

// filterConformance are the Part 3 and CQL2 classes conformanceClasses
// lists: Basic CQL2; LIKE, BETWEEN and IN; S_INTERSECTS with every
// geometry type (points, lines, polygons, their Multi forms and
// collections, heights dropped); the other seven spatial functions; CASEI
// and ACCENTI; properties on both sides of comparisons, IN lists, LIKE
// patterns and BETWEEN bounds; the fifteen temporal functions over
// instants and intervals; arithmetic; the four array functions over the
// list properties (an actor's domains). Not claimed: custom functions.
func filterConformance() []string {
	return []string{confFilter, confFeaturesFilter, confQueryables, confQueryablesParams,
		confCQL2Text, confCQL2JSON, confBasicCQL2, confAdvancedCompare, confCaseInsensitive, confAccentInsensitive, confPropertyProperty, confBasicSpatial, confBasicSpatialPlus, confSpatialFunctions, confTemporalFunctions, confArithmetic, confArrayFunctions}
}

// maxFilterLen bounds the filter's text; a polygon of MaxVertices
// vertices fits well within it.
const maxFilterLen = 64 << 10

// part3Params are the validated filter, properties and sortby of /items;
// the texts are kept as given for links.
type part3Params struct {
	Filter     cql2.Expr
	FilterText string
	FilterLang cql2.Lang // as given, "" when absent
	FilterCRS  string    // as given, "" when absent
	Properties []string
	PropsText  string
	SortBy     []data.SortKey
	SortText   string
}

// parsePart3 reads filter, filter-lang, filter-crs, properties and sortby.
// A filter that does not parse or type is a 400 naming filter, with the
// offset of the fault; filter-lang other than cql2-text (the default) or
// cql2-json, and filter-crs other than CRS84, are 400s naming themselves.
func parsePart3(col data.Collection, q url.Values) (part3Params, error) {
	var p part3Params
	if v, ok := single(q, paramFilterLang); ok {
		switch cql2.Lang(v) {
		case cql2.LangText, cql2.LangJSON:
			p.FilterLang = cql2.Lang(v)
		default:
			return p, paramErrorf(paramFilterLang, "%q is not a filter language; use %s or %s", clip(v), cql2.LangText, cql2.LangJSON)
		}
	}
	if v, ok := single(q, paramFilterCRS); ok {
		if v != crs84 {
			return p, paramErrorf(paramFilterCRS, "%q is not supported; filters are read in %s only", clip(v), crs84)
		}
		p.FilterCRS = v
	}
	if v, ok := single(q, paramFilter); ok {
		e, err := parseFilter(col, v, p.FilterLang)
		if err != nil {
			return p, err
		}
		p.Filter, p.FilterText = e, v
	}
	if v, ok := single(q, paramProperties); ok {
		names, err := parseProperties(col, v)
		if err != nil {
			return p, err
		}
		p.Properties, p.PropsText = names, v
	}
	if v, ok := single(q, paramSortBy); ok {
		keys, err := parseSortBy(col, v)
		if err != nil {
			return p, err
		}
		p.SortBy, p.SortText = keys, v
	}
	return p, nil
}

// parseFilter reads and types a filter against col's queryables.
func parseFilter(col data.Collection, text string, lang cql2.Lang) (cql2.Expr, error) {
	if lang == "" {
		lang = cql2.LangText
	}
	switch {
	case strings.TrimSpace(text) == "":
		return nil, paramErrorf(paramFilter, "is empty; give a %s expression or leave the parameter out", lang)
	case len(text) > maxFilterLen:
		return nil, paramErrorf(paramFilter, "is longer than %d bytes", maxFilterLen)
	case !utf8.ValidString(text):
		return nil, paramErrorf(paramFilter, "is not valid UTF-8")
	case strings.ContainsRune(text, 0):
		return nil, paramErrorf(paramFilter, "contains a NUL character")
	}
	e, err := cql2.Parse(text, lang)
	if err == nil {
		err = cql2.Check(e, col.CQLQueryables())
	}
	if err != nil {
		var ce *cql2.Error
		if errors.As(err, &ce) {
			return nil, &ParamError{Param: paramFilter, Reason: "invalid " + string(lang) + " " + ce.Error(), cause: err}
		}
		return nil, &ParamError{Param: paramFilter, Reason: "invalid " + string(lang), cause: err}
	}
	return e, nil
}

// writePart3Params appends the Part 3 parameters of p to a query string
// being built, each followed by '&', as the client gave them.
func writePart3Params(b *strings.Builder, p part3Params) {
	if p.FilterText != "" {
		b.WriteString(paramFilter + "=" + url.QueryEscape(p.FilterText) + "&")
	}
	if p.FilterLang != "" {
		b.WriteString(paramFilterLang + "=" + string(p.FilterLang) + "&")
	}
	if p.FilterCRS != "" {
		b.WriteString(paramFilterCRS + "=" + queryEscape(p.FilterCRS) + "&")
	}
	if p.PropsText != "" {
		b.WriteString(paramProperties + "=" + queryEscape(p.PropsText) + "&")
	}
	if p.SortText != "" {
		b.WriteString(paramSortBy + "=" + queryEscape(p.SortText) + "&")
	}
}
