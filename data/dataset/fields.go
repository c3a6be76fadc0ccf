package dataset

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// The field parsers below record a reason on the row when a value is bad and
// return the zero value; col names the column (or property) in the reason.

// text returns s, recording a reason when a required value is empty.
func (r *row) text(col, s string) string {
	if s == "" {
		r.badAt(col, "%s is empty", col)
	}
	return s
}

// id parses a required positive integer identifier.
func (r *row) id(col, s string) int64 {
	if s == "" {
		r.badAt(col, "%s is empty", col)
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		r.badAt(col, "%s %q is not a positive integer", col, s)
		return 0
	}
	if n > data.MaxID {
		r.badAt(col, "%s %d is over %d, the largest id (2⁵³ − 1, what every JSON client reads exactly)", col, n, data.MaxID)
		return 0
	}
	return n
}

// integer parses an integer in lo..hi; empty gives def.
func (r *row) integer(col, s string, lo, hi, def int64) int64 {
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		r.badAt(col, "%s %q is not an integer", col, s)
		return 0
	}
	if n < lo || n > hi {
		r.badAt(col, "%s %d outside %d..%d", col, n, lo, hi)
		return 0
	}
	return n
}

// year parses a required year in 1800..2100.
func (r *row) year(col, s string) int {
	if s == "" {
		r.badAt(col, "%s is empty", col)
		return 0
	}
	return int(r.integer(col, s, 1800, 2100, 0))
}

// number parses a finite float; ok is false when s is empty or bad.
func (r *row) number(col, s string) (v float64, ok bool) {
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		r.badAt(col, "%s %q is not a finite number", col, s)
		return 0, false
	}
	return v, true
}

// boolean parses true/false (or 1/0); empty is false.
func (r *row) boolean(col, s string) bool {
	switch s {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	r.badAt(col, "%s %q is not true or false", col, s)
	return false
}

// date parses a YYYY-MM-DD date in UTC; empty gives the zero time, and a
// reason when required.
func (r *row) date(col, s string, required bool) time.Time {
	if s == "" {
		if required {
			r.badAt(col, "%s is empty", col)
		}
		return time.Time{}
	}
	t, err := time.Parse(geo.DateLayout, s)
	if err != nil {
		r.badAt(col, "%s %q is not a date YYYY-MM-DD", col, s)
		return time.Time{}
	}
	return t
}

// domains parses a list of domains separated by ";" (or ","), nil when empty.
func (r *row) domains(col, s string) []geo.Domain {
	if s == "" {
		return nil
	}
	var out []geo.Domain
	for _, f := range strings.FieldsFunc(s, func(c rune) bool { return c == ';' || c == ',' }) {
		d := geo.Domain(strings.TrimSpace(f))
		switch {
		case !d.Valid():
			r.badAt(col, "%s: unknown domain %q", col, d)
		case containsDomain(out, d):
			r.badAt(col, "%s: domain %q listed twice", col, d)
		default:
			out = append(out, d)
		}
	}
	return out
}

func containsDomain(ds []geo.Domain, d geo.Domain) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// joinDomains writes domains as the files hold them, separated by ";".
func joinDomains(ds []geo.Domain) string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(string(d))
	}
	return b.String()
}
