package storetest

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// checkQuery runs q and wants exactly the ids want, and a count of count
// (CountItems ignores the cursor and the page).
func checkQuery(t *testing.T, s data.Store, c filterCase, count int64) {
	t.Helper()
	if got := ids(items(t, s, c.collection, c.q)); !slices.Equal(got, c.want) {
		t.Errorf("%s %s: got %v, want %v", c.collection, c.name, got, c.want)
	}
	n, err := s.CountItems(context.Background(), c.collection, c.q)
	if err != nil || n != count {
		t.Errorf("CountItems(%s %s): got %d, %v, want %d", c.collection, c.name, n, err, count)
	}
}

func testFilters(t *testing.T, s data.Store, _ *oracle) {
	for _, c := range filterCases() {
		checkQuery(t, s, c, int64(len(c.want)))
	}
	covered := map[string]map[string]bool{}
	for _, c := range filterCases() {
		if covered[c.collection] == nil {
			covered[c.collection] = map[string]bool{}
		}
		for _, f := range c.q.Equals {
			covered[c.collection][f.Name] = true
		}
	}
	for _, c := range data.Catalog() {
		for _, name := range c.Queryables {
			if !covered[c.ID][name] {
				t.Errorf("the suite has no case for queryable %s of %s", name, c.ID)
			}
		}
	}
}

// testCursorPaging walks every collection with After = the last id of the
// previous page, with and without a bbox and a filter, and wants the
// unpaged answer in the same order.
func testCursorPaging(t *testing.T, s data.Store, o *oracle) {
	walk := func(collection string, q data.ItemsQuery, size int) []string {
		var all []string
		q.Limit = size
		for range 100 {
			page := ids(items(t, s, collection, q))
			if len(page) > size {
				t.Errorf("%s after %q: %d features, limit %d", collection, q.After, len(page), size)
			}
			all = append(all, page...)
			if len(page) < size {
				return all
			}
			q.After = page[len(page)-1]
		}
		t.Fatalf("%s: more than 100 pages", collection)
		return nil
	}
	for _, c := range collections() {
		want := wantIDs(o.features(c))
		for _, size := range []int{1, 2, 3} {
			if got := walk(c, data.ItemsQuery{}, size); !slices.Equal(got, want) {
				t.Errorf("%s by cursor, pages of %d: got %v, want %v", c, size, got, want)
			}
		}
	}
	for _, c := range filterCases() {
		if got := walk(c.collection, c.q, 2); !slices.Equal(nonNil(got), c.want) {
			t.Errorf("%s %s by cursor, pages of 2: got %v, want %v", c.collection, c.name, got, c.want)
		}
	}
	for _, c := range combinedCases() {
		q := c.q
		q.After, q.Limit = "", 0
		unpaged := ids(items(t, s, c.collection, q))
		if got := walk(c.collection, q, 1); !slices.Equal(nonNil(got), unpaged) {
			t.Errorf("%s %s by cursor, pages of 1: got %v, want %v", c.collection, c.name, got, unpaged)
		}
	}
	for _, c := range cursorCases() {
		checkQuery(t, s, c, wantCounts()[c.collection])
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func testCombined(t *testing.T, s data.Store, _ *oracle) {
	for _, c := range combinedCases() {
		checkQuery(t, s, c.filterCase, c.count)
	}
}

func testInvalidFilters(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	noop := func([]byte) error { return nil }
	// names reports an ErrInvalidFilter that is a *data.FilterError naming
	// the property.
	names := func(err error, property string) bool {
		var fe *data.FilterError
		return errors.Is(err, data.ErrInvalidFilter) && errors.As(err, &fe) && fe.Property == property
	}
	for _, c := range invalidFilters() {
		err := s.Items(ctx, c.collection, c.q, noop)
		if !names(err, c.names) {
			t.Errorf("Items(%s, %+v): got %v, want a FilterError naming %s", c.collection, c.q, err, c.names)
		}
		if c.names == "after" {
			continue // CountItems ignores the cursor
		}
		_, err = s.CountItems(ctx, c.collection, c.q)
		if !names(err, c.names) {
			t.Errorf("CountItems(%s, %+v): got %v, want a FilterError naming %s", c.collection, c.q, err, c.names)
		}
	}
}

// extentTolerance allows only for floating-point sums in the hand-written
// bounds (interior points are midpoints): ST_Extent is exact.
const extentTolerance = 1e-9

func testExtent(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	near := func(a, b orb.Bound) bool {
		for i := range 2 {
			if math.Abs(a.Min[i]-b.Min[i]) > extentTolerance || math.Abs(a.Max[i]-b.Max[i]) > extentTolerance {
				return false
			}
		}
		return true
	}
	for _, c := range extentCases() {
		b, during, err := s.Extent(ctx, c.collection)
		if err != nil {
			t.Errorf("Extent(%s): %v", c.collection, err)
			continue
		}
		if !near(b, c.bound) {
			t.Errorf("Extent(%s): got %v, want %v", c.collection, b, c.bound)
		}
		switch {
		case c.first == "" && during != nil:
			t.Errorf("Extent(%s): got interval %v, want none", c.collection, during)
		case c.first != "" && during == nil:
			t.Errorf("Extent(%s): no interval, want %s/%s", c.collection, c.first, c.last)
		case c.first != "" && (!during.Start.Equal(date(c.first)) || (c.last == "") != during.End.IsZero() ||
			(c.last != "" && !during.End.Equal(date(c.last)))):
			t.Errorf("Extent(%s): got %s/%s, want %s/%s", c.collection,
				during.Start.Format(geo.DateLayout), during.End.Format(geo.DateLayout), c.first, c.last)
		}
	}
	if len(extentCases()) != len(collections()) {
		t.Errorf("%d extent cases for %d collections", len(extentCases()), len(collections()))
	}
	if _, _, err := s.Extent(ctx, "nope"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Extent of an unknown collection: got %v, want ErrNotFound", err)
	}
}
