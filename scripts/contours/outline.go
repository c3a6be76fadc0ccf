package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
)

// level is one level of areas of the file: its codes, sorted, and for each
// area its polygons, each a list of rings (the outer one first), each a list
// of arc refs (i walks arc i forward, ^i backward).
type level struct {
	name  string
	codes []string
	areas [][][][]int32
}

// communeLevel is the communes, their rings chained again from their arcs
// as outlines are (see outline), so that a ring of the source that comes back
// to one of its points becomes two rings there: two shells touching, or a
// shell and a hole.
func (t *topology) communeLevel(arcs [][]pt) (level, error) {
	l := level{name: "communes", codes: t.codes}
	var split []string
	for i, code := range t.codes {
		area, got, want, err := t.outline([]int{i}, arcs)
		if err != nil {
			return l, fmt.Errorf("commune %s: %w", code, err)
		}
		if got != want {
			return l, fmt.Errorf("commune %s: its rings chained again have an area of %d, not %d", code, got, want)
		}
		n := 0
		for _, poly := range area {
			n += len(poly)
		}
		rings := 0
		for _, poly := range t.polygons[i] {
			rings += len(poly)
		}
		if n != rings {
			split = append(split, fmt.Sprintf("%s (%d rings, not %d)", code, n, rings))
		}
		l.areas = append(l.areas, area)
	}
	log.Printf("communes: %d whose rings touch themselves, cut where they do: %v", len(split), split)
	return l, nil
}

// groups are the communes of each area of the upper levels, as indices into
// topology.codes, keyed by the area's code.
type groups map[string][]int

// readGroups reads which drawn communes make up each EPCI (epci.json, keyed
// by SIREN), each département and each région (communes.json, the current
// communes' departement and region). Communes without a contour take no part;
// an area none of whose communes is drawn has no outline.
func readGroups(nodeModules string, cur []current, t *topology) (epcis, departements, regions groups, err error) {
	index := make(map[string]int, len(t.codes))
	for i, code := range t.codes {
		index[code] = i
	}
	departements, regions = groups{}, groups{}
	for _, c := range cur {
		if i, ok := index[c.Code]; ok {
			departements[c.Departement] = append(departements[c.Departement], i)
			regions[c.Region] = append(regions[c.Region], i)
		}
	}
	path := filepath.Join(nodeModules, "@etalab", "decoupage-administratif", "data", "epci.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w (run `npm ci` in the repository root)", err)
	}
	var list []struct {
		Code    string `json:"code"`
		Name    string `json:"nom"`
		Membres []struct {
			Code string `json:"code"`
		} `json:"membres"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	isCurrent := map[string]bool{}
	for _, c := range cur {
		isCurrent[c.Code] = true
	}
	epcis = groups{}
	member := map[string]string{}
	undrawn := 0
	for _, e := range list {
		if _, dup := epcis[e.Code]; dup {
			return nil, nil, nil, fmt.Errorf("%s: EPCI %s appears twice", path, e.Code)
		}
		var members []int
		for _, m := range e.Membres {
			if !isCurrent[m.Code] {
				return nil, nil, nil, fmt.Errorf("%s: EPCI %s %s: %s is not a current commune", path, e.Code, e.Name, m.Code)
			}
			if other, dup := member[m.Code]; dup {
				return nil, nil, nil, fmt.Errorf("%s: commune %s is in EPCI %s and %s", path, m.Code, other, e.Code)
			}
			member[m.Code] = e.Code
			if i, ok := index[m.Code]; ok {
				members = append(members, i)
			} else {
				undrawn++
			}
		}
		if len(members) == 0 {
			log.Printf("EPCI %s %s has no drawn commune: no outline", e.Code, e.Name)
			continue
		}
		epcis[e.Code] = members
	}
	log.Printf("%d EPCIs in epci.json; %d of their communes have no contour; %d drawn communes are in no EPCI",
		len(list), undrawn, len(t.codes)-(len(member)-undrawn))
	return epcis, departements, regions, nil
}

// outlineLevel computes the outline of every group; it fails if an outline's
// area is not the sum of its communes' areas.
func (t *topology) outlineLevel(name string, g groups, arcs [][]pt) (level, error) {
	l := level{name: name}
	for code := range g {
		l.codes = append(l.codes, code)
	}
	sort.Strings(l.codes)
	var mismatches []string
	npolys, nholes, nrefs := 0, 0, 0
	for _, code := range l.codes {
		area, got, want, err := t.outline(g[code], arcs)
		if err != nil {
			return l, fmt.Errorf("%s %s: %w", name, code, err)
		}
		if got != want {
			mismatches = append(mismatches, fmt.Sprintf("%s (%d, its communes' %d)", code, got, want))
		}
		for _, poly := range area {
			npolys++
			nholes += len(poly) - 1
			for _, r := range poly {
				nrefs += len(r)
			}
		}
		l.areas = append(l.areas, area)
	}
	log.Printf("%s: %d outlines, %d polygons, %d holes, %d arc refs", name, len(l.codes), npolys, nholes, nrefs)
	if len(mismatches) > 0 {
		return l, fmt.Errorf("%s: %d outlines whose area (twice, in 1e-10 square degree) is not their communes': %v",
			name, len(mismatches), mismatches)
	}
	return l, nil
}

// ends returns the first two and the last two points of an arc walked as ref
// says.
func ends(arcs [][]pt, ref int32) (first, second, penult, last pt) {
	if ref >= 0 {
		a := arcs[ref]
		n := len(a)
		return a[0], a[1], a[n-2], a[n-1]
	}
	a := arcs[^ref]
	n := len(a)
	return a[n-1], a[n-2], a[1], a[0]
}

// ringOf assembles a ring from arc refs.
func ringOf(refs []int32, arcs [][]pt) []pt {
	var r []pt
	for _, ref := range refs {
		var a []pt
		if ref < 0 {
			a = arcs[^ref]
		} else {
			a = arcs[ref]
		}
		for k := range a {
			p := a[k]
			if ref < 0 {
				p = a[len(a)-1-k]
			}
			if k == 0 && len(r) > 0 {
				continue // the previous arc ended there
			}
			r = append(r, p)
		}
	}
	return r
}

// outline returns the outline of a group of communes: the arcs its communes'
// rings use once (an arc used twice, forward by one commune and backward by
// its neighbour, is an inner border), chained into rings. At a point where
// several outline arcs leave, a ring takes the one turning most sharply
// (keeping the inside on its left), so rings never cross; a ring that comes
// back to one of its points is cut there, so rings never touch themselves.
// Counter-clockwise rings are shells, clockwise ones holes, each put in the
// smallest shell around it. Shells come by decreasing area. got is twice the
// outline's area, want twice the sum of its communes' areas, in 1e-10 square
// degree.
func (t *topology) outline(members []int, arcs [][]pt) (polys [][][]int32, got, want int64, err error) {
	type use struct{ fwd, bwd int8 }
	uses := map[int32]*use{}
	var order []int32
	for _, m := range members {
		for _, poly := range t.polygons[m] {
			for _, r := range poly {
				want += area2(ringOf(t.rings[r], arcs))
				for _, ref := range t.rings[r] {
					i := ref
					if i < 0 {
						i = ^i
					}
					u := uses[i]
					if u == nil {
						u = &use{}
						uses[i] = u
						order = append(order, i)
					}
					if ref >= 0 {
						u.fwd++
					} else {
						u.bwd++
					}
				}
			}
		}
	}
	var refs []int32
	out := map[pt][]int32{}
	in := map[pt]int{}
	for _, i := range order {
		u := uses[i]
		var ref int32
		switch {
		case u.fwd == 1 && u.bwd == 1:
			continue // an inner border
		case u.fwd == 1 && u.bwd == 0:
			ref = i
		case u.fwd == 0 && u.bwd == 1:
			ref = ^i
		default:
			return nil, 0, want, fmt.Errorf("arc %d is walked %d times forward and %d backward", i, u.fwd, u.bwd)
		}
		refs = append(refs, ref)
		f, _, _, l := ends(arcs, ref)
		out[f] = append(out[f], ref)
		in[l]++
	}
	for p, n := range in {
		if len(out[p]) != n {
			return nil, 0, want, fmt.Errorf("%d outline arcs end at %v, %d start there", n, p, len(out[p]))
		}
	}
	next := func(ref int32) int32 {
		_, _, penult, last := ends(arcs, ref)
		cands := out[last]
		if len(cands) == 1 {
			return cands[0]
		}
		back := pt{penult.X - last.X, penult.Y - last.Y}
		best, bestDir := int32(0), pt{}
		for k, c := range cands {
			_, second, _, _ := ends(arcs, c)
			d := pt{second.X - last.X, second.Y - last.Y}
			if k == 0 || clockwiseBefore(back, d, bestDir) {
				best, bestDir = c, d
			}
		}
		return best
	}
	// Walk the arcs; cut a ring off whenever the walk comes back to a
	// point of the current path.
	used := make(map[int32]bool, len(refs))
	var cycles [][]int32
	for _, start := range refs {
		if used[start] {
			continue
		}
		var path []int32
		at := map[pt]int{} // the start of each arc of path, its index
		cur := start
		for {
			if used[cur] {
				return nil, 0, want, fmt.Errorf("the outline arcs do not chain: arc ref %d is reached twice", cur)
			}
			used[cur] = true
			f, _, _, l := ends(arcs, cur)
			at[f] = len(path)
			path = append(path, cur)
			if j, ok := at[l]; ok {
				for _, ref := range path[j:] {
					f, _, _, _ := ends(arcs, ref)
					delete(at, f)
				}
				cycles = append(cycles, append([]int32(nil), path[j:]...))
				path = path[:j]
			}
			cur = next(cur)
			if cur == start {
				if len(path) > 0 {
					return nil, 0, want, fmt.Errorf("the walk from arc ref %d closes on an open path", start)
				}
				break
			}
		}
	}
	type shell struct {
		refs     []int32
		ring     []pt
		area     int64
		min, max pt
		holes    [][]int32
	}
	var shells []*shell
	type hole struct {
		refs []int32
		ring []pt
	}
	var holes []hole
	for _, c := range cycles {
		r := ringOf(c, arcs)
		a := area2(r)
		got += a
		switch {
		case len(r) < 4 || a == 0:
			return nil, got, want, fmt.Errorf("a ring of %d points and area %d from %v", len(r), a, r[0])
		case a > 0:
			s := &shell{refs: c, ring: r, area: a, min: r[0], max: r[0]}
			for _, p := range r {
				s.min = pt{min(s.min.X, p.X), min(s.min.Y, p.Y)}
				s.max = pt{max(s.max.X, p.X), max(s.max.Y, p.Y)}
			}
			shells = append(shells, s)
		default:
			holes = append(holes, hole{c, r})
		}
	}
	for _, h := range holes {
		// The middle of a segment of the hole, in 2e-5 degree: on no other
		// ring, since rings only meet at the ends of their arcs.
		mx, my := int64(h.ring[0].X)+int64(h.ring[1].X), int64(h.ring[0].Y)+int64(h.ring[1].Y)
		var in *shell
		for _, s := range shells {
			if mx < 2*int64(s.min.X) || mx > 2*int64(s.max.X) || my < 2*int64(s.min.Y) || my > 2*int64(s.max.Y) {
				continue
			}
			if (in == nil || s.area < in.area) && inside2(s.ring, mx, my) {
				in = s
			}
		}
		if in == nil {
			return nil, got, want, fmt.Errorf("the hole from %v is in no shell", h.ring[0])
		}
		in.holes = append(in.holes, h.refs)
	}
	sort.SliceStable(shells, func(i, j int) bool { return shells[i].area > shells[j].area })
	for _, s := range shells {
		polys = append(polys, append([][]int32{s.refs}, s.holes...))
	}
	return polys, got, want, nil
}

// clockwiseBefore tells whether, turning clockwise from direction r, one
// meets direction a before direction b (none of them null, a and b distinct
// and distinct from r).
func clockwiseBefore(r, a, b pt) bool {
	half := func(d pt) int {
		c := cross(r, d)
		if c < 0 || c == 0 && dot(r, d) < 0 {
			return 0 // within (0°, 180°] clockwise from r
		}
		return 1 // within (180°, 360°)
	}
	ha, hb := half(a), half(b)
	if ha != hb {
		return ha < hb
	}
	return cross(a, b) < 0
}

func cross(a, b pt) int64 { return int64(a.X)*int64(b.Y) - int64(a.Y)*int64(b.X) }
func dot(a, b pt) int64   { return int64(a.X)*int64(b.X) + int64(a.Y)*int64(b.Y) }

// inside2 tells whether the point (x, y), in 2e-5 degree and on no edge of
// the closed ring r (in 1e-5 degree), is inside it.
func inside2(r []pt, x, y int64) bool {
	in := false
	for i := 0; i+1 < len(r); i++ {
		ax, ay := 2*int64(r[i].X), 2*int64(r[i].Y)
		bx, by := 2*int64(r[i+1].X), 2*int64(r[i+1].Y)
		if (ay > y) == (by > y) {
			continue
		}
		// x < ax + (y-ay)(bx-ax)/(by-ay), the division's sign cleared.
		lhs, rhs := (x-ax)*(by-ay), (y-ay)*(bx-ax)
		if by-ay > 0 && lhs < rhs || by-ay < 0 && lhs > rhs {
			in = !in
		}
	}
	return in
}
