package data

import (
	"errors"
	"testing"
	"time"
)

func TestFilterValue(t *testing.T) {
	t.Parallel()
	actors, _ := LookupCollection(CollectionActors)
	communes, _ := LookupCollection(CollectionCommunes)
	cases := []struct {
		name string
		c    Collection
		f    PropertyFilter
		want any // nil: a FilterError naming f.Name
	}{
		{"string as is", actors, PropertyFilter{"kind", " Association "}, " Association "},
		{"empty string", actors, PropertyFilter{"sector", ""}, ""},
		{"true", actors, PropertyFilter{"employer", "true"}, true},
		{"false", actors, PropertyFilter{"insertion", "false"}, false},
		{"boolean spelled otherwise", actors, PropertyFilter{"employer", "TRUE"}, nil},
		{"boolean as a number", actors, PropertyFilter{"employer", "1"}, nil},
		{"not a boolean", actors, PropertyFilter{"employer", "maybe"}, nil},
		{"integer", communes, PropertyFilter{"density_class", "3"}, int64(3)},
		{"integer with leading zeros", communes, PropertyFilter{"density_class", "007"}, int64(7)},
		{"negative integer", communes, PropertyFilter{"density_class", "-1"}, int64(-1)},
		{"not an integer", communes, PropertyFilter{"density_class", "x"}, nil},
		{"decimal for an integer", communes, PropertyFilter{"density_class", "1.0"}, nil},
		{"beyond int64", communes, PropertyFilter{"density_class", "9223372036854775808"}, nil},
		{"a property that is not queryable", actors, PropertyFilter{"siren", "x"}, nil},
		{"no such property", actors, PropertyFilter{"nope", "x"}, nil},
		{"another collection's queryable", communes, PropertyFilter{"kind", "x"}, nil},
	}
	for _, tc := range cases {
		got, err := tc.c.FilterValue(tc.f)
		if tc.want == nil {
			var fe *FilterError
			if !errors.Is(err, ErrInvalidFilter) || !errors.As(err, &fe) || fe.Property != tc.f.Name {
				t.Errorf("%s: got %v, %v; want a FilterError naming %s", tc.name, got, err, tc.f.Name)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %#v, %v; want %#v", tc.name, got, err, tc.want)
		}
	}
}

func TestCursorValue(t *testing.T) {
	t.Parallel()
	actors, _ := LookupCollection(CollectionActors)
	communes, _ := LookupCollection(CollectionCommunes)
	cases := []struct {
		c     Collection
		after string
		want  any
		ok    bool
	}{
		{actors, "", nil, true},
		{actors, "42", int64(42), true},
		{actors, "0042", int64(42), true},
		{actors, "2A004", nil, false},
		{communes, "2A004", "2A004", true},
		{communes, "", nil, true},
	}
	for _, tc := range cases {
		got, err := tc.c.CursorValue(tc.after)
		var fe *FilterError
		if tc.ok != (err == nil) || got != tc.want || (!tc.ok && (!errors.As(err, &fe) || fe.Property != "after")) {
			t.Errorf("%s after %q: got %#v, %v; want %#v, ok %v", tc.c.ID, tc.after, got, err, tc.want, tc.ok)
		}
	}
}

// TestIntervalDates checks Dates gives the first and last calendar dates
// whose midnight UTC Contains accepts.
func TestIntervalDates(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	at := func(s string) time.Time { d, _ := time.Parse(time.RFC3339, s); return d }
	cases := []struct {
		name        string
		i           Interval
		first, last time.Time
	}{
		{"open", Interval{}, time.Time{}, time.Time{}},
		{"dates", Interval{day("2019-03-01"), day("2020-01-15")}, day("2019-03-01"), day("2020-01-15")},
		{"noon", Interval{at("2019-03-01T12:00:00Z"), at("2019-03-01T12:00:00Z")}, day("2019-03-02"), day("2019-03-01")},
		{"another zone", Interval{Start: at("2019-03-01T00:30:00+01:00")}, day("2019-03-01"), time.Time{}},
		{"end in another zone", Interval{End: at("2019-03-01T23:00:00-02:00")}, time.Time{}, day("2019-03-02")},
	}
	for _, tc := range cases {
		first, last := tc.i.Dates()
		if !first.Equal(tc.first) || !last.Equal(tc.last) {
			t.Errorf("%s: got %v, %v; want %v, %v", tc.name, first, last, tc.first, tc.last)
		}
		for d := day("2019-02-27"); d.Before(day("2020-01-20")); d = d.AddDate(0, 0, 1) {
			between := (first.IsZero() || !d.Before(first)) && (last.IsZero() || !d.After(last))
			if between != tc.i.Contains(d) {
				t.Fatalf("%s: %s: Dates says %v, Contains %v", tc.name, d.Format(time.DateOnly), between, tc.i.Contains(d))
			}
		}
	}
}
