package memory

import (
	"context"
	"slices"

	"github.com/maillage/maillage/data"
)

// emitSorted answers a query with SortBy: every match is found (the order
// is not the id order the indexes give), ordered by the keys, nulls last
// in both directions, ties by position, which is id order; then offset
// and limit apply. text renders a feature.
func (c *collection) emitSorted(ctx context.Context, sel selection, keys []data.SortKey, offset, limit int,
	text func(int32) []byte, emit data.EmitFunc) error {
	var hits []int32
	if err := c.walk(ctx, sel, func(i int32) bool { hits = append(hits, i); return true }); err != nil {
		return err
	}
	values := make([]scalar, len(keys))
	for k, key := range keys {
		v, err := c.property(key.Name)
		if err != nil {
			return err
		}
		values[k] = v
	}
	// The keys are read once per feature, not once per comparison, into
	// one flat table: row n holds rows[n*len(keys):].
	width := len(keys)
	rows := make([]any, len(hits)*width)
	for n, i := range hits {
		for k, v := range values {
			rows[n*width+k] = v(i)
		}
	}
	order := make([]int, len(hits))
	for n := range order {
		order[n] = n
	}
	slices.SortFunc(order, func(x, y int) int {
		for k, key := range keys {
			a, b := rows[x*width+k], rows[y*width+k]
			switch {
			case a == nil && b == nil:
				continue
			case a == nil:
				return 1 // nulls last, whatever the direction
			case b == nil:
				return -1
			}
			n := compareValues(a, b)
			if key.Desc {
				n = -n
			}
			if n != 0 {
				return n
			}
		}
		return int(hits[x]) - int(hits[y])
	})
	if offset >= len(order) {
		return nil
	}
	order = order[offset:]
	if len(order) > limit {
		order = order[:limit]
	}
	for n, o := range order {
		if n%1024 == 1023 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := emit(text(hits[o])); err != nil {
			return err
		}
	}
	return nil
}
