package data

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// FilterError is an ErrInvalidFilter (errors.Is matches it) that names the
// parameter at fault: a queryable, "after" for the cursor or "datetime" for
// During. The server reads Property with errors.As to answer 400 naming it.
type FilterError struct {
	Property string
	Problem  string // what is wrong, after the property: `="maybe" is not a boolean`
}

// Error names the property first ("employer=\"maybe\" is not a boolean: …").
func (e *FilterError) Error() string {
	return e.Property + e.Problem + ": " + ErrInvalidFilter.Error()
}

// Unwrap makes errors.Is(err, ErrInvalidFilter) hold.
func (e *FilterError) Unwrap() error { return ErrInvalidFilter }

// FilterValue parses f.Value as the type of the property f names, so both
// stores compare values the same way: a bool for a boolean (exactly "true"
// or "false", the JSON text), an int64 for an integer ("007" is 7, as
// PostgreSQL reads it), a float64 for a number, and the text itself for a
// string. A property that is not one of c's Queryables, or a value that is
// not of its type, is a *FilterError naming the property.
func (c Collection) FilterValue(f PropertyFilter) (any, error) {
	p, ok := c.Property(f.Name)
	if !ok || !slices.Contains(c.Queryables, f.Name) {
		return nil, &FilterError{f.Name, " is not a queryable of " + c.ID}
	}
	switch p.Type {
	case TypeBoolean:
		switch f.Value {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	case TypeInteger:
		if n, err := strconv.ParseInt(f.Value, 10, 64); err == nil {
			return n, nil
		}
	case TypeNumber:
		if x, err := strconv.ParseFloat(f.Value, 64); err == nil {
			return x, nil
		}
	case TypeDate:
		if d, err := time.Parse(time.DateOnly, f.Value); err == nil {
			return d, nil
		}
	default:
		return f.Value, nil
	}
	return nil, &FilterError{f.Name, fmt.Sprintf("=%q is not a %s", f.Value, p.Type)}
}

// CursorValue parses an ItemsQuery.After: an int64 for a collection with
// integer ids, the code itself otherwise; nil for "" (no cursor). After
// text that is not an integer where ids are is a *FilterError naming
// "after".
func (c Collection) CursorValue(after string) (any, error) {
	if after == "" {
		return nil, nil
	}
	if c.IDType != TypeInteger {
		return after, nil
	}
	n, err := strconv.ParseInt(after, 10, 64)
	if err != nil {
		return nil, &FilterError{"after", fmt.Sprintf("=%q is not an id of %s", after, c.ID)}
	}
	return n, nil
}

// CheckDuring reports During on a collection without a temporal property as
// a *FilterError naming "datetime".
func (c Collection) CheckDuring(during *Interval) error {
	if during != nil && c.Temporal == "" {
		return &FilterError{"datetime", ": " + c.ID + " has no temporal property"}
	}
	return nil
}

// Contains reports whether t lies in the closed interval; a zero Start or
// End leaves that side open. A date property's value is the instant of its
// midnight UTC, so 2019-03-01 is in [2019-03-01T00:00Z, …] but not in
// [2019-03-01T12:00Z, …].
func (i Interval) Contains(t time.Time) bool {
	return (i.Start.IsZero() || !t.Before(i.Start)) && (i.End.IsZero() || !t.After(i.End))
}

// ActiveDuring reports whether something active from the date start to
// the date end (both included; a zero end: still active) is active at some
// instant of the interval: it started by the interval's end and had not
// ended before its start, dates standing for their midnight UTC as in
// Contains. An interval that ends before it starts holds no instant, so
// nothing is active during it.
func (i Interval) ActiveDuring(start, end time.Time) bool {
	if !i.Start.IsZero() && !i.End.IsZero() && i.Start.After(i.End) {
		return false
	}
	return (i.End.IsZero() || !start.After(i.End)) && (i.Start.IsZero() || end.IsZero() || !end.Before(i.Start))
}

// Dates returns the first and last calendar dates (midnight UTC) whose
// instant Contains accepts, for stores that compare date columns; a zero
// result leaves that side open. first after last means no date fits.
func (i Interval) Dates() (first, last time.Time) {
	if !i.Start.IsZero() {
		s := i.Start.UTC()
		first = time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
		if first.Before(s) {
			first = first.AddDate(0, 0, 1)
		}
	}
	if !i.End.IsZero() {
		e := i.End.UTC()
		last = time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
	}
	return first, last
}
