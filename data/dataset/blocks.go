package dataset

// blocks collects rows in fixed-size blocks and joins them once at the end.
// append grows a large slice by a quarter at a time: the demo's 36 249
// territories allocated 29 MB (five times their size) and copied four times
// their size, each fresh page touched for the first time, which is what
// costs most on a virtual machine (3 ms per MB on the one measured), and
// left the garbage to the collector. Blocks allocate the rows twice and copy
// them once.
type blocks[T any] struct {
	full []([]T)
	cur  []T
	n    int
}

const blockRows = 1 << 14

func (b *blocks[T]) add(v T) {
	if len(b.cur) == cap(b.cur) {
		if b.cur != nil {
			b.full = append(b.full, b.cur)
		}
		b.cur = make([]T, 0, blockRows)
	}
	b.cur = append(b.cur, v)
	b.n++
}

func (b *blocks[T]) len() int { return b.n }

// all returns the rows in order in one slice, nil when there are none.
func (b *blocks[T]) all() []T {
	if b.n == 0 {
		return nil
	}
	if len(b.full) == 0 {
		return b.cur[:len(b.cur):len(b.cur)]
	}
	out := make([]T, 0, b.n)
	for _, blk := range b.full {
		out = append(out, blk...)
	}
	return append(out, b.cur...)
}
