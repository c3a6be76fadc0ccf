package dataset

import "github.com/maillage/maillage/geo"

// IDs maps int64 ids to int32 values (a position, a line number): in a
// slice, indexed by id, for the ids up to about twice the number set so
// far, and in a map for the others. Registries and the demo number their
// rows from 1, so a national file's ids all land in the slice: checking
// 1.85 M actors for duplicates in a map took 4 s of a national import
// (most of it growing the map), and a slice lookup is an index.
type IDs struct {
	dense  []int32 // value + 1 by id; 0: none
	sparse map[int64]int32
	n      int
}

// denseSlack is how far above twice their number ids still go in the slice.
const denseSlack = 1024

// Set sets id's value.
func (x *IDs) Set(id int64, v int32) {
	if id >= 0 && id < int64(len(x.dense)) && x.dense[id] != 0 {
		x.dense[id] = v + 1
		return
	}
	if _, ok := x.sparse[id]; ok {
		x.sparse[id] = v
		return
	}
	x.n++
	if id >= 0 && id < 2*int64(x.n)+denseSlack {
		if id >= int64(len(x.dense)) {
			x.dense = append(x.dense, make([]int32, id+1-int64(len(x.dense)))...)
		}
		x.dense[id] = v + 1
		return
	}
	if x.sparse == nil {
		x.sparse = map[int64]int32{}
	}
	x.sparse[id] = v
}

// Get returns id's value, and whether it is set.
func (x *IDs) Get(id int64) (int32, bool) {
	if id >= 0 && id < int64(len(x.dense)) && x.dense[id] != 0 {
		return x.dense[id] - 1, true
	}
	v, ok := x.sparse[id]
	return v, ok
}

// Len is the number of ids set.
func (x *IDs) Len() int { return x.n }

// Places numbers distinct places, each kept once: the millions of actors
// of a national file have a few tens of thousands of places (their
// communes'), which a geo.Place per actor would copy as many times.
type Places struct {
	list []geo.Place
	at   map[geo.Place]int32
}

// Add returns p's number, numbering it if it is new.
func (ps *Places) Add(p geo.Place) int32 {
	if i, ok := ps.at[p]; ok {
		return i
	}
	if ps.at == nil {
		ps.at = map[geo.Place]int32{}
	}
	i := int32(len(ps.list))
	ps.list = append(ps.list, p)
	ps.at[p] = i
	return i
}

// Len is the number of places numbered.
func (ps *Places) Len() int { return len(ps.list) }

// At returns the place numbered i.
func (ps *Places) At(i int32) *geo.Place { return &ps.list[i] }
