package memory

import (
	"context"
	"slices"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// collection is one layer's features, in id order, with their GeoJSON text
// rendered once (or written when read: render) and an R-tree of their
// envelopes.
type collection struct {
	// render is set for the communes and EPCI (renderWhenRead), whose
	// texts are not kept: it writes feature i when it is read, its geometry
	// by geometry, from geom (texts). Rendered once, their contours would
	// hold 25 MB of coordinates as text and their properties 12 MB, most
	// of the embedded demo's memory and a fifth of its start; written per
	// request, a page of 1 000 demo communes costs 2.2 ms
	// (BenchmarkDemoCommunesPage), as ST_AsGeoJSON does in PostGIS.
	render  func(dst []byte, i int32, geometry func([]byte) []byte) []byte
	chunk   []byte           // where the next feature's text goes; see add
	scratch []byte           // reused to render one feature
	feats   []feature        // in id order
	codes   map[string]int32 // territory code → position in feats
	ids     map[int64]int32  // integer id → position in feats
	// keys are the ids in feats order, ascending, for the cursor's binary
	// search: codes (bytewise) for territories, integers otherwise.
	codeKeys []string
	intKeys  []int64
	tree     rtree.RTreeG[int32]
	meta     data.Collection // the catalogue entry, for parsing filters
	// postings lists, for each queryable and each value it takes (as
	// filterText), the positions of the features with that value, in
	// ascending order; null values are not listed.
	postings map[string]map[string][]int32
	// touches lists, for a collection taking data.ItemsQuery.Touches
	// (partnerships), the positions of the features with either end in
	// each territory, by level then code, ascending (links.go).
	touches map[geo.Level]map[string][]int32
	// values reads each queryable of the feature at a position, for CQL2
	// filters and sort keys (cql_eval.go, sortby.go).
	values map[string]valueFunc
	// lists reads each list property (data.Collection.Lists) of the
	// feature at a position, for the CQL2 array functions.
	lists map[string]func(i int) []string
	// starts and ends hold each feature's period (partnerships' start and
	// end, as midnight UTC; a zero end for none), in feats order; nil for
	// collections without one.
	starts, ends []time.Time
	// extent is the union of every envelope; hasExtent is false while the
	// collection has no geometry.
	extent    orb.Bound
	hasExtent bool
	// dates is the range of start dates of a temporal collection
	// (partnerships), nil for the others; see data.Store.Extent.
	dates *data.Interval
	// digest hashes the features (hash), for the store's version.
	digest uint64
}

// feature is one feature's envelope, geometry (nil when the envelope test is
// already exact, as for points) and GeoJSON text (nil in a collection that
// renders its features when read).
type feature struct {
	bound orb.Bound
	geom  orb.Geometry
	text  []byte // capped: an append by a reader cannot reach the next feature
	empty bool   // no geometry: never matches a bbox
}

// chunkSize is the size of the blocks feature texts are packed in: large
// enough that a demo-sized store makes a few dozen allocations, small enough
// to waste little at the end of each block.
const chunkSize = 1 << 20

// newCollection makes a collection for n features keyed by integer ids or,
// with codes, by territory codes.
func newCollection(n int, codes bool) *collection {
	c := &collection{feats: make([]feature, 0, n)}
	if codes {
		c.codes = make(map[string]int32, n)
		c.codeKeys = make([]string, 0, n)
	} else {
		c.ids = make(map[int64]int32, n)
		c.intKeys = make([]int64, 0, n)
	}
	return c
}

// addID appends a feature with an integer id; see add.
func (c *collection) addID(id int64, g orb.Geometry, render func([]byte) []byte) {
	c.ids[id] = int32(len(c.feats))
	c.intKeys = append(c.intKeys, id)
	c.add(g, render)
}

// addCode appends a territory; see add.
func (c *collection) addCode(code string, g orb.Geometry, render func([]byte) []byte) {
	c.codes[code] = int32(len(c.feats))
	c.codeKeys = append(c.codeKeys, code)
	c.add(g, render)
}

// add appends a feature; features must come in id order. render appends the
// feature's GeoJSON text to its argument; nil in a collection that renders
// its features when read. The text is rendered into a reused buffer and
// copied once into a chunk, rather than appended to one growing slice,
// which would copy everything rendered so far at each doubling.
func (c *collection) add(g orb.Geometry, render func([]byte) []byte) {
	var f feature
	if render != nil {
		c.scratch = render(c.scratch[:0])
		n := len(c.scratch)
		if n > cap(c.chunk)-len(c.chunk) {
			c.chunk = make([]byte, 0, max(chunkSize, n))
		}
		start := len(c.chunk)
		c.chunk = append(c.chunk, c.scratch...)
		f.text = c.chunk[start : start+n : start+n]
		if len(c.scratch) > chunkSize {
			c.scratch = nil // do not keep a polygon-sized buffer for the points that follow
		}
	}
	if g == nil || isEmpty(g) {
		f.empty, f.geom = true, g // kept for render: null and empty are written differently
	} else {
		f.bound = g.Bound()
		if _, point := g.(orb.Point); !point {
			f.geom = g
		}
		if c.hasExtent {
			c.extent = c.extent.Union(f.bound)
		} else {
			c.extent, c.hasExtent = f.bound, true
		}
		c.tree.Insert(f.bound.Min, f.bound.Max, int32(len(c.feats)))
	}
	c.feats = append(c.feats, f)
}

// done drops the build buffers.
func (c *collection) done() { c.chunk, c.scratch = nil, nil }

func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.MultiPolygon:
		return len(g) == 0
	case orb.Polygon:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiPoint:
		return len(g) == 0
	}
	return false
}

// matches reports whether feature i meets r exactly (ST_Intersects).
func (c *collection) matches(i int32, r orb.Bound) bool {
	f := &c.feats[i]
	if f.empty || !f.bound.Intersects(r) {
		return false
	}
	return f.geom == nil || intersects(f.geom, f.bound, r)
}

// scanShare is the share of the collection's extent above which a bbox is
// answered by walking the features in id order instead of searching the
// R-tree and sorting its hits: a large bbox matches most features anyway,
// and the walk can stop as soon as the page is full.
const scanShare = 0.2

// each calls fn with the position of every feature from position from on
// that meets r, in id order, until fn returns false or ctx is done. r must
// have Min ≤ Max.
func (c *collection) each(ctx context.Context, r orb.Bound, from int32, fn func(i int32) bool) error {
	if !c.hasExtent || !c.extent.Intersects(r) {
		return nil
	}
	if c.share(r) > scanShare {
		for i := int(from); i < len(c.feats); i++ {
			if (i-int(from))%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if c.matches(int32(i), r) && !fn(int32(i)) {
				return nil
			}
		}
		return nil
	}
	var hits []int32
	c.tree.Search(r.Min, r.Max, func(_, _ [2]float64, i int32) bool {
		if i >= from && c.matches(i, r) { // the cursor drops earlier pages before the sort
			hits = append(hits, i)
		}
		return true
	})
	slices.Sort(hits)
	for n, i := range hits {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if !fn(i) {
			return nil
		}
	}
	return nil
}

// share is the fraction of the extent's area that r covers (1 for an extent
// with no area that r meets).
func (c *collection) share(r orb.Bound) float64 {
	e := c.extent
	area := (e.Max[0] - e.Min[0]) * (e.Max[1] - e.Min[1])
	if area == 0 {
		return 1
	}
	w := min(e.Max[0], r.Max[0]) - max(e.Min[0], r.Min[0])
	h := min(e.Max[1], r.Max[1]) - max(e.Min[1], r.Min[1])
	return w * h / area
}
