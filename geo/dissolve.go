package geo

import (
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Dissolve merges polygons that share their borders exactly, vertex for
// vertex (as the départements of one Natural Earth admin-1 file do), into the
// MultiPolygon of their union. An edge walked once in each direction is inside
// the union and dropped; the remaining edges are chained back into rings.
// Rings winding like the input's outer rings become shells and the others
// holes of the shell that contains them. Borders that only overlap without
// sharing vertices are not merged: the result then keeps both outlines. The
// output is deterministic for a given input order.
func Dissolve(parts []orb.MultiPolygon) orb.MultiPolygon {
	type edge struct{ a, b orb.Point }
	count := map[edge]int{}
	var order []edge
	var outerSign float64
	for _, mp := range parts {
		for _, poly := range mp {
			for i, ring := range poly {
				if i == 0 && outerSign == 0 {
					outerSign = sign(planar.Area(ring))
				}
				for j := 0; j+1 < len(ring); j++ {
					e := edge{ring[j], ring[j+1]}
					if e.a == e.b {
						continue
					}
					if count[e] == 0 {
						order = append(order, e)
					}
					count[e]++
				}
			}
		}
	}
	// next holds, for each start point, the boundary edges leaving it in input order.
	next := map[orb.Point][]orb.Point{}
	for _, e := range order {
		if count[edge{e.b, e.a}] > 0 {
			continue
		}
		next[e.a] = append(next[e.a], e.b)
	}
	var rings []orb.Ring
	for _, e := range order {
		if len(next[e.a]) == 0 {
			continue
		}
		start := e.a
		ring := orb.Ring{start}
		p := start
		for {
			outs := next[p]
			if len(outs) == 0 {
				break // an open chain: the input was not a clean partition
			}
			q := outs[0]
			next[p] = outs[1:]
			ring = append(ring, q)
			p = q
			if p == start {
				break
			}
		}
		if len(ring) >= 4 && ring[0] == ring[len(ring)-1] {
			rings = append(rings, ring)
		}
	}
	var shells, holes []orb.Ring
	for _, r := range rings {
		if sign(planar.Area(r)) == outerSign {
			shells = append(shells, r)
		} else {
			holes = append(holes, r)
		}
	}
	// Largest shells first, so the biggest piece of a région leads its MultiPolygon.
	sort.SliceStable(shells, func(i, j int) bool {
		return abs(planar.Area(shells[i])) > abs(planar.Area(shells[j]))
	})
	out := make(orb.MultiPolygon, len(shells))
	for i, s := range shells {
		out[i] = orb.Polygon{s}
	}
	for _, h := range holes {
		for i := range out {
			if planar.RingContains(out[i][0], h[0]) {
				out[i] = append(out[i], h)
				break
			}
		}
	}
	return out
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
