package memory

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// selection is an ItemsQuery resolved against one collection. Features sit
// in id order, so the cursor becomes the first position to look at and
// each equality filter the sorted positions having its value: a page is
// found by binary searches, whatever the pages before it.
type selection struct {
	from   int32      // first position after the cursor
	bbox   *orb.Bound // nil: everywhere
	lists  [][]int32  // positions matching each Equals, shortest first
	during *data.Interval
	filter predicate // the CQL2 filter, nil for none
	none   bool      // some condition can match nothing
}

// selection resolves q; a filter value the collection's types reject wraps
// data.ErrInvalidFilter. The cursor is q.After: CountItems clears it.
func (c *collection) selection(q data.ItemsQuery) (selection, error) {
	var sel selection
	if err := c.meta.CheckCQL(q); err != nil {
		return sel, err
	}
	after, err := c.meta.CursorValue(q.After)
	if err != nil {
		return sel, err
	}
	switch a := after.(type) {
	case int64:
		sel.from = int32(sort.Search(len(c.intKeys), func(k int) bool { return c.intKeys[k] > a }))
	case string:
		sel.from = int32(sort.Search(len(c.codeKeys), func(k int) bool { return strings.Compare(c.codeKeys[k], a) > 0 }))
	}
	for _, f := range q.Equals {
		v, err := c.meta.FilterValue(f)
		if err != nil {
			return sel, err
		}
		list := c.postings[f.Name][filterText(v)]
		if len(list) == 0 {
			sel.none = true
		}
		sel.lists = append(sel.lists, list)
	}
	if err := c.meta.CheckTouches(q.Touches); err != nil {
		return sel, err
	}
	if q.Touches != nil { // one more sorted list, like an equality filter
		list := c.touches[q.Touches.Level][q.Touches.Code]
		if len(list) == 0 {
			sel.none = true
		}
		sel.lists = append(sel.lists, list)
	}
	slices.SortFunc(sel.lists, func(a, b []int32) int { return len(a) - len(b) })
	if err := c.meta.CheckDuring(q.During); err != nil {
		return sel, err
	}
	sel.during = q.During
	if q.BBox != nil {
		if !valid(*q.BBox) {
			sel.none = true
		}
		sel.bbox = q.BBox
	}
	if q.Filter != nil {
		if sel.filter, err = c.compileFilter(q.Filter); err != nil {
			return sel, err
		}
		// A bbox the filter implies drives the walk through the R-tree
		// like a bbox parameter; the filter itself then decides.
		if b, ok := filterBound(q.Filter); ok && sel.bbox == nil {
			sel.bbox = &b
		}
	}
	return sel, nil
}

// plain reports a selection with no condition but the cursor.
func (sel *selection) plain() bool {
	return !sel.none && sel.bbox == nil && len(sel.lists) == 0 && sel.during == nil && sel.filter == nil
}

// walk calls fn with the position of every feature the selection keeps, in
// id order, until fn returns false or ctx is done. It is driven by the
// narrowest means at hand: the R-tree for a small bbox, else the shortest
// equality list, else the bbox scan, else the positions from the cursor on;
// the other conditions are then checked feature by feature.
func (c *collection) walk(ctx context.Context, sel selection, fn func(i int32) bool) error {
	if sel.none {
		return nil
	}
	if sel.bbox != nil && (len(sel.lists) == 0 || c.share(*sel.bbox) <= scanShare) {
		return c.each(ctx, *sel.bbox, sel.from, func(i int32) bool {
			return !sel.keeps(c, i, false, 0) || fn(i)
		})
	}
	if len(sel.lists) > 0 {
		drive := sel.lists[0]
		k, _ := slices.BinarySearch(drive, sel.from)
		for n, i := range drive[k:] {
			if n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if sel.keeps(c, i, sel.bbox != nil, 1) && !fn(i) {
				return nil
			}
		}
		return nil
	}
	for i := sel.from; int(i) < len(c.feats); i++ {
		if (i-sel.from)%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if sel.keeps(c, i, false, 0) && !fn(i) {
			return nil
		}
	}
	return nil
}

// keeps reports whether feature i meets the conditions walk has not already
// applied: the bbox when checkBBox, the equality lists from lists[skip:],
// the interval and the filter (only TRUE keeps).
func (sel *selection) keeps(c *collection, i int32, checkBBox bool, skip int) bool {
	if checkBBox && !c.matches(i, *sel.bbox) {
		return false
	}
	for _, list := range sel.lists[skip:] {
		if _, ok := slices.BinarySearch(list, i); !ok {
			return false
		}
	}
	if sel.during != nil && !sel.during.ActiveDuring(c.starts[i], c.ends[i]) {
		return false
	}
	return sel.filter == nil || sel.filter(i) == isTrue
}

// index fills the postings of n features from their queryable values. Each
// list is allocated at its size, counted first: appending to it feature by
// feature allocated five times the postings' size (a large slice grows by a
// quarter at a time), 21 MB for the demo.
func (c *collection) index(n int, values map[string]valueFunc) {
	c.values = values
	c.postings = make(map[string]map[string][]int32, len(values))
	of := make([]string, n)
	for name, value := range values {
		counts := map[string]int{}
		for i := range n {
			of[i] = value(i)
			counts[of[i]]++
		}
		lists := make(map[string][]int32, len(counts))
		for v, k := range counts {
			if v != "" {
				lists[v] = make([]int32, 0, k)
			}
		}
		for i, v := range of {
			if v != "" {
				lists[v] = append(lists[v], int32(i))
			}
		}
		c.postings[name] = lists
	}
}

// checkQueryables reports a queryable of the catalogue the collection has no
// values for: a bug in the tables of queryables.go.
func (c *collection) checkQueryables() error {
	for _, name := range c.meta.Queryables {
		if _, ok := c.postings[name]; !ok {
			return fmt.Errorf("memory: %s: queryable %s is not indexed", c.meta.ID, name)
		}
	}
	return nil
}
