package memory

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/maillage/maillage/data"
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

// Items implements data.Store. Without a bbox a page is a slice of the
// id-ordered features; with one, matching follows ST_Intersects (see
// intersects). A bbox whose Min exceeds its Max matches nothing. The bytes
// passed to emit belong to the store: emit must not modify them.
func (s *Store) Items(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error {
	c, err := s.collection(collection)
	if err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return fmt.Errorf("items of %s: %w", collection, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	limit := q.Limit
	if limit == 0 {
		limit = data.MaxLimit
	}
	if q.BBox == nil {
		end := min(len(c.feats), q.Offset+limit)
		for i := q.Offset; i < end; i++ {
			if (i-q.Offset)%1024 == 1023 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := emit(c.json(int32(i))); err != nil {
				return err
			}
		}
		return nil
	}
	if !valid(*q.BBox) {
		return nil
	}
	skipped, sent := 0, 0
	var emitErr error
	err = c.each(ctx, *q.BBox, func(i int32) bool {
		if skipped < q.Offset {
			skipped++
			return true
		}
		if emitErr = emit(c.json(i)); emitErr != nil {
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

// CountItems implements data.Store.
func (s *Store) CountItems(ctx context.Context, collection string, q data.ItemsQuery) (int64, error) {
	c, err := s.collection(collection)
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if q.BBox == nil {
		return int64(len(c.feats)), nil
	}
	if !valid(*q.BBox) {
		return 0, nil
	}
	var n int64
	err = c.each(ctx, *q.BBox, func(int32) bool { n++; return true })
	return n, err
}

// Item implements data.Store. Integer ids are read as PostgreSQL reads a
// bigint ("007" is 7); the result is the caller's to keep.
func (s *Store) Item(ctx context.Context, collection, id string) ([]byte, error) {
	c, err := s.collection(collection)
	if err != nil {
		return nil, err
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
	return slices.Clone(c.json(i)), nil
}

func valid(b orb.Bound) bool { return b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1] }
