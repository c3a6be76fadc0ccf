package memory

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// collection returns a collection by id, or an error wrapping
// data.ErrNotFound.
func (s *Store) collection(id string) (*collection, error) {
	c, ok := s.collections[id]
	if !ok {
		return nil, fmt.Errorf("collection %q: %w", id, data.ErrNotFound)
	}
	return c, nil
}

// Items implements data.Store. Matching follows ST_Intersects for the bbox
// (see intersects); a bbox whose Min exceeds its Max matches nothing.
// Filters compare the values the features show (see queryables.go). The
// bytes passed to emit belong to the store: emit must not modify them. In a
// CRS other than CRS84 the geometry is rendered again (see crs.go).
func (s *Store) Items(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error {
	c, err := s.collection(collection)
	if err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return fmt.Errorf("items of %s: %w", collection, err)
	}
	sel, err := c.selection(q)
	if err != nil {
		return fmt.Errorf("items of %s: %w", collection, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	limit := q.Limit
	if limit == 0 {
		limit = data.MaxLimit
	}
	text := c.texts(q.CRS)
	if q.Properties != nil {
		text = selectingProperties(text, q.Properties)
	}
	if len(q.SortBy) > 0 {
		return c.emitSorted(ctx, sel, q.SortBy, q.Offset, limit, text, emit)
	}
	if sel.plain() { // a slice of the features: no need to look at the skipped ones
		start := int(sel.from) + q.Offset
		end := min(len(c.feats), start+limit)
		for i := start; i < end; i++ {
			if (i-start)%1024 == 1023 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := emit(text(int32(i))); err != nil {
				return err
			}
		}
		return nil
	}
	skipped, sent := 0, 0
	var emitErr error
	err = c.walk(ctx, sel, func(i int32) bool {
		if skipped < q.Offset {
			skipped++
			return true
		}
		if emitErr = emit(text(i)); emitErr != nil {
			return false
		}
		sent++
		return sent < limit
	})
	if emitErr != nil {
		return emitErr
	}
	return err
}

// CountItems implements data.Store: the features Items would give without
// After, Offset and Limit.
func (s *Store) CountItems(ctx context.Context, collection string, q data.ItemsQuery) (int64, error) {
	c, err := s.collection(collection)
	if err != nil {
		return 0, err
	}
	q.After = ""
	sel, err := c.selection(q)
	if err != nil {
		return 0, fmt.Errorf("count of %s: %w", collection, err)
	}
	n, err := c.count(ctx, sel)
	if q.CountCap > 0 {
		n = min(n, q.CountCap)
	}
	return n, err
}

// count counts a selection's features, from the index sizes when no test
// remains to be made feature by feature.
func (c *collection) count(ctx context.Context, sel selection) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if sel.plain() {
		return int64(len(c.feats)), nil
	}
	if len(sel.lists) == 1 && sel.bbox == nil && sel.during == nil && sel.filter == nil {
		return int64(len(sel.lists[0])), nil
	}
	var n int64
	err := c.walk(ctx, sel, func(int32) bool { n++; return true })
	return n, err
}

// Item implements data.Store. Integer ids are read as PostgreSQL reads a
// bigint ("007" is 7); the result is the caller's to keep.
func (s *Store) Item(ctx context.Context, collection, id string, crs geo.CRS) ([]byte, error) {
	c, err := s.collection(collection)
	if err != nil {
		return nil, err
	}
	if !crs.Valid() {
		return nil, fmt.Errorf("%s %q: unsupported output %v", collection, id, crs)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var i int32
	ok := false
	if c.ids != nil {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			i, ok = c.ids[n]
		}
	} else {
		i, ok = c.codes[id]
	}
	if !ok {
		return nil, fmt.Errorf("%s %q: %w", collection, id, data.ErrNotFound)
	}
	return slices.Clone(c.texts(crs)(i)), nil
}

func valid(b orb.Bound) bool { return b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1] }
