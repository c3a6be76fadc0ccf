package server

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/maillage/maillage/data"
)

// maxFilterValueLen bounds a property filter's value; no queryable holds
// anything near as long.
const maxFilterValueLen = 200

// parseEquals reads the equality filters of /items: each of col's
// Queryables given as a query parameter, its value checked and written in
// canonical form for the property's type (booleans true/false, also read
// from 1/0 as GDAL sends them; integers without sign or leading zeros;
// numbers in Go's shortest form), so stores compare like with like. The
// result follows the order of col.Queryables; nil when none is given.
func parseEquals(col data.Collection, q url.Values) ([]data.PropertyFilter, error) {
	var out []data.PropertyFilter
	for _, name := range col.Queryables {
		v, ok := single(q, name)
		if !ok {
			continue
		}
		prop, ok := col.Property(name)
		if !ok { // a catalog mistake, caught by TestQueryablesAreProperties
			return nil, fmt.Errorf("collection %s: queryable %q is not a property", col.ID, name)
		}
		canon, err := filterValue(prop, v)
		if err != nil {
			return nil, err
		}
		out = append(out, data.PropertyFilter{Name: name, Value: canon})
	}
	return out, nil
}

// filterValue checks one filter value against its property's type.
func filterValue(p data.Property, v string) (string, error) {
	if v == "" {
		return "", paramErrorf(p.Name, "is empty; give the %s value to match", p.Type)
	}
	if len(v) > maxFilterValueLen {
		return "", paramErrorf(p.Name, "is longer than %d bytes", maxFilterValueLen)
	}
	switch p.Type {
	case data.TypeBoolean:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "1":
			return "true", nil
		case "false", "0":
			return "false", nil
		}
		return "", paramErrorf(p.Name, "%q is not a boolean; use true or false", clip(v))
	case data.TypeInteger:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return "", paramErrorf(p.Name, "%q is not an integer", clip(v))
		}
		return strconv.FormatInt(n, 10), nil
	case data.TypeNumber:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", paramErrorf(p.Name, "%q is not a finite number", clip(v))
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	}
	// Strings are compared as given; they reach the store as bound values,
	// but PostgreSQL text refuses NUL and invalid UTF-8, which must be a
	// 400 here rather than a store error.
	if !utf8.ValidString(v) {
		return "", paramErrorf(p.Name, "is not valid UTF-8")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return "", paramErrorf(p.Name, "contains a control character")
		}
	}
	return v, nil
}

// parseDatetime reads the datetime parameter: an instant or an interval
// "start/end" whose open side is ".." or empty. An instant is an RFC 3339
// date-time ("2019-03-01T12:00:00Z", any offset) or a date ("2019-03-01"),
// which stands for that whole day (UTC). Also read, as GDAL sends them: a
// date with a bare "T" ("2019-03-01T") and date-times without seconds or
// minutes ("2019-03-01T12:30Z", "2019-03-01T12Z"). The result is a closed
// interval in UTC whose zero Start or End is an open side; a date at the
// end of an interval includes that day.
func parseDatetime(s string) (*data.Interval, error) {
	if s == "" {
		return nil, paramErrorf(paramDatetime, "is empty; give a date, a date-time or an interval start/end")
	}
	start, end, isInterval := strings.Cut(s, "/")
	if !isInterval {
		lo, hi, err := parseInstant(s)
		if err != nil {
			return nil, err
		}
		return &data.Interval{Start: lo, End: hi}, nil
	}
	if strings.Contains(end, "/") {
		return nil, paramErrorf(paramDatetime, "%q has more than one /; want start/end", clip(s))
	}
	var iv data.Interval
	if start != ".." && start != "" {
		lo, _, err := parseInstant(start)
		if err != nil {
			return nil, err
		}
		iv.Start = lo
	}
	if end != ".." && end != "" {
		_, hi, err := parseInstant(end)
		if err != nil {
			return nil, err
		}
		iv.End = hi
	}
	if !iv.Start.IsZero() && !iv.End.IsZero() && iv.Start.After(iv.End) {
		return nil, paramErrorf(paramDatetime, "interval %q ends before it starts", clip(s))
	}
	return &iv, nil
}

// datetimeLayouts are the date-time forms parseInstant reads, RFC 3339
// first; Z07:00 takes "Z" or an offset.
func datetimeLayouts() []string {
	return []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15Z07:00"}
}

// parseInstant reads one side of datetime and returns the first and last
// instants it stands for: a whole day for a date, one instant otherwise.
func parseInstant(s string) (lo, hi time.Time, err error) {
	// RFC 3339 allows lower-case t and z; Go's parser does not.
	u := strings.ToUpper(s)
	if d, ok := strings.CutSuffix(u, "T"); ok || len(u) == len("2006-01-02") {
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			return t, t.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
		}
	}
	for _, layout := range datetimeLayouts() {
		if t, err := time.Parse(layout, u); err == nil {
			t = t.UTC()
			return t, t, nil
		}
	}
	return time.Time{}, time.Time{}, paramErrorf(paramDatetime,
		"%q is not an RFC 3339 date (2019-03-01) or date-time (2019-03-01T12:00:00Z)", clip(s))
}
