package main

import (
	"fmt"
	"log"
	"math"
	"sort"
)

// topology is the current communes as rings of shared arcs.
type topology struct {
	codes    []string    // sorted
	polygons [][][]int32 // per commune, per polygon, its rings (indices into rings)
	rings    [][]int32   // per ring, its arcs: i walks arc i forward, ^i backward
	outer    []bool      // per ring, whether it is an outer ring (counter-clockwise)
	arcs     [][]pt      // the source's points of each arc, junction to junction
}

func (t *topology) points() int {
	n := 0
	for _, a := range t.arcs {
		n += len(a)
	}
	return n
}

// uedge is an undirected edge, its smaller point first.
type uedge struct{ a, b pt }

func undirected(p, q pt) uedge {
	if q.less(p) {
		p, q = q, p
	}
	return uedge{p, q}
}

// faces are the rings along an edge: one on a coast or a national border,
// two on a border between communes.
type faces struct {
	r [2]int32
	n int32
}

func (f *faces) add(r int32) {
	if f.n < 2 {
		f.r[f.n] = r
	}
	f.n++
}

func (f faces) key() [2]int32 {
	if f.n == 2 && f.r[1] < f.r[0] {
		return [2]int32{f.r[1], f.r[0]}
	}
	if f.n == 1 {
		return [2]int32{f.r[0], -1}
	}
	return f.r
}

// vertex gathers the distinct edges met at a point.
type vertex struct {
	e [2]uedge
	n int8 // distinct edges, 3 meaning three or more
}

func (v *vertex) add(e uedge) {
	for i := int8(0); i < v.n && i < 2; i++ {
		if v.e[i] == e {
			return
		}
	}
	if v.n < 2 {
		v.e[v.n] = e
	}
	if v.n < 3 {
		v.n++
	}
}

// buildTopology cuts the communes' rings into arcs at the junctions.
func buildTopology(shapes map[string]shape) (*topology, error) {
	t := &topology{}
	for code := range shapes {
		t.codes = append(t.codes, code)
	}
	sort.Strings(t.codes)
	var rings [][]pt
	for _, code := range t.codes {
		var polys [][]int32
		for _, poly := range shapes[code] {
			var rs []int32
			for j, r := range poly {
				rs = append(rs, int32(len(rings)))
				rings = append(rings, r)
				t.outer = append(t.outer, j == 0)
			}
			polys = append(polys, rs)
		}
		t.polygons = append(t.polygons, polys)
	}
	edgeFaces := map[uedge]*faces{}
	for i, r := range rings {
		for j := 0; j+1 < len(r); j++ {
			e := undirected(r[j], r[j+1])
			f := edgeFaces[e]
			if f == nil {
				f = &faces{}
				edgeFaces[e] = f
			}
			f.add(int32(i))
		}
	}
	for e, f := range edgeFaces {
		if f.n > 2 {
			return nil, fmt.Errorf("the edge %v–%v borders %d rings", e.a, e.b, f.n)
		}
	}
	vertices := map[pt]*vertex{}
	for _, r := range rings {
		open := r[:len(r)-1]
		for j, p := range open {
			prev := open[(j+len(open)-1)%len(open)]
			next := open[(j+1)%len(open)]
			v := vertices[p]
			if v == nil {
				v = &vertex{}
				vertices[p] = v
			}
			v.add(undirected(prev, p))
			v.add(undirected(p, next))
		}
	}
	junction := map[pt]bool{}
	for p, v := range vertices {
		if v.n != 2 || edgeFaces[v.e[0]].key() != edgeFaces[v.e[1]].key() {
			junction[p] = true
		}
	}
	first := map[[2]pt]int32{} // first edge of an arc walked forward (i) or backward (^i)
	arc := func(seq []pt) (int32, error) {
		if ref, ok := first[[2]pt{seq[0], seq[1]}]; ok {
			i := ref
			if i < 0 {
				i = ^i
			}
			if len(t.arcs[i]) != len(seq) {
				return 0, fmt.Errorf("an arc from %v has %d points in one ring, %d in another", seq[0], len(seq), len(t.arcs[i]))
			}
			return ref, nil
		}
		i := int32(len(t.arcs))
		t.arcs = append(t.arcs, append([]pt(nil), seq...))
		first[[2]pt{seq[0], seq[1]}] = i
		first[[2]pt{seq[len(seq)-1], seq[len(seq)-2]}] = ^i
		return i, nil
	}
	t.rings = make([][]int32, len(rings))
	for i, r := range rings {
		open := r[:len(r)-1]
		start := -1
		for j, p := range open {
			if junction[p] {
				start = j
				break
			}
		}
		if start < 0 { // an island or an enclave: one closed arc from its smallest point
			start = 0
			for j, p := range open {
				if p.less(open[start]) {
					start = j
				}
			}
		}
		rot := make([]pt, 0, len(r))
		rot = append(rot, open[start:]...)
		rot = append(rot, open[:start]...)
		rot = append(rot, open[start])
		from := 0
		for j := 1; j < len(rot); j++ {
			if j < len(rot)-1 && !junction[rot[j]] {
				continue
			}
			ref, err := arc(rot[from : j+1])
			if err != nil {
				return nil, err
			}
			t.rings[i] = append(t.rings[i], ref)
			from = j
		}
	}
	return t, nil
}

// ring assembles ring i from the given arcs.
func (t *topology) ring(i int, arcs [][]pt) []pt { return ringOf(t.rings[i], arcs) }

// simplify simplifies every arc once with Douglas-Peucker, halving the
// tolerance of the arcs of a ring that fell under four points or turned
// over, and of the arcs whose segments touch or cross, until none does (or
// they are back to the source's points). It returns the arcs, how many rings
// are still too small or turned over and how many segment pairs still touch
// or cross.
func (t *topology) simplify(tolerance float64) (arcs [][]pt, badRings, badPairs int) {
	tol := make([]float64, len(t.arcs))
	out := make([][]pt, len(t.arcs))
	for i := range t.arcs {
		tol[i] = tolerance
		out[i] = douglasPeucker(t.arcs[i], tol[i])
	}
	for round := 1; ; round++ {
		bad := map[int32]bool{}
		badRings = 0
		for i := range t.rings {
			r := t.ring(i, out)
			a := area2(r)
			if len(r) < 4 || a == 0 || (a > 0) != t.outer[i] {
				badRings++
				for _, ref := range t.rings[i] {
					if ref < 0 {
						ref = ^ref
					}
					bad[ref] = true
				}
			}
		}
		pairs := t.conflicts(out)
		for _, p := range pairs {
			bad[p[0]], bad[p[1]] = true, true
		}
		changed := 0
		for i := range bad {
			if tol[i] == 0 {
				continue
			}
			tol[i] /= 2
			if tol[i] < 1 {
				tol[i] = 0
			}
			out[i] = douglasPeucker(t.arcs[i], tol[i])
			changed++
		}
		log.Printf("round %d: %d rings too small or turned over, %d pairs of arcs touching or crossing, %d arcs simplified again",
			round, badRings, len(pairs), changed)
		if changed == 0 {
			return out, badRings, len(pairs)
		}
	}
}

// douglasPeucker keeps the ends of an arc and the points farther than tol
// from the simplified line, longitudes scaled by the cosine of the latitude.
func douglasPeucker(a []pt, tol float64) []pt {
	if tol <= 0 || len(a) <= 2 {
		return a
	}
	kx := math.Cos(float64(a[0].Y) / scale * math.Pi / 180)
	keep := make([]bool, len(a))
	keep[0], keep[len(a)-1] = true, true
	stack := [][2]int{{0, len(a) - 1}}
	tol2 := tol * tol
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		ax, ay := float64(a[s[0]].X)*kx, float64(a[s[0]].Y)
		bx, by := float64(a[s[1]].X)*kx, float64(a[s[1]].Y)
		dx, dy := bx-ax, by-ay
		l2 := dx*dx + dy*dy
		far, best := -1, tol2
		for i := s[0] + 1; i < s[1]; i++ {
			px, py := float64(a[i].X)*kx-ax, float64(a[i].Y)-ay
			var d2 float64
			if l2 == 0 {
				d2 = px*px + py*py
			} else {
				u := (px*dx + py*dy) / l2
				u = math.Max(0, math.Min(1, u))
				ex, ey := px-u*dx, py-u*dy
				d2 = ex*ex + ey*ey
			}
			if d2 > best {
				far, best = i, d2
			}
		}
		if far >= 0 {
			keep[far] = true
			stack = append(stack, [2]int{s[0], far}, [2]int{far, s[1]})
		}
	}
	var out []pt
	for i, k := range keep {
		if k {
			out = append(out, a[i])
		}
	}
	return out
}

// conflicts returns the pairs of arcs (possibly one arc twice) with segments
// that cross, or touch other than end to end.
func (t *topology) conflicts(arcs [][]pt) [][2]int32 {
	type seg struct {
		arc  int32
		a, b pt
	}
	const cell = 1000 // 0.01 degree
	var segs []seg
	grid := map[[2]int32][]int32{}
	for i, a := range arcs {
		for j := 0; j+1 < len(a); j++ {
			s := seg{int32(i), a[j], a[j+1]}
			id := int32(len(segs))
			segs = append(segs, s)
			x0, x1 := min(s.a.X, s.b.X)/cell, max(s.a.X, s.b.X)/cell
			y0, y1 := min(s.a.Y, s.b.Y)/cell, max(s.a.Y, s.b.Y)/cell
			for x := x0; x <= x1; x++ {
				for y := y0; y <= y1; y++ {
					grid[[2]int32{x, y}] = append(grid[[2]int32{x, y}], id)
				}
			}
		}
	}
	found := map[[2]int32]bool{}
	var out [][2]int32
	for _, ids := range grid {
		for i, si := range ids {
			for _, sj := range ids[i+1:] {
				p, q := segs[si], segs[sj]
				if !conflict(p.a, p.b, q.a, q.b) {
					continue
				}
				k := [2]int32{min(p.arc, q.arc), max(p.arc, q.arc)}
				if !found[k] {
					found[k] = true
					out = append(out, k)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] || out[i][0] == out[j][0] && out[i][1] < out[j][1] })
	return out
}

func orient(a, b, c pt) int64 {
	v := (int64(b.X)-int64(a.X))*(int64(c.Y)-int64(a.Y)) - (int64(b.Y)-int64(a.Y))*(int64(c.X)-int64(a.X))
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// within tells whether c, collinear with a and b, lies strictly between them.
func within(a, b, c pt) bool {
	if c == a || c == b {
		return false
	}
	return min(a.X, b.X) <= c.X && c.X <= max(a.X, b.X) && min(a.Y, b.Y) <= c.Y && c.Y <= max(a.Y, b.Y)
}

// conflict tells whether segments ab and cd cross or touch other than at a
// shared end (an end of one on the inside of the other, an overlap, the same
// segment twice).
func conflict(a, b, c, d pt) bool {
	if a == c && b == d || a == d && b == c {
		return true
	}
	o1, o2, o3, o4 := orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return o1 == 0 && within(a, b, c) || o2 == 0 && within(a, b, d) ||
		o3 == 0 && within(c, d, a) || o4 == 0 && within(c, d, b)
}
