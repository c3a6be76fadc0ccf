package memory

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/paulmach/orb"
)

// Version implements data.Store: fixed for the store's life, a digest of
// its rows (digest), so that every process serving the same dataset gives
// the same ETags.
func (s *Store) Version(ctx context.Context) (data.Version, error) {
	return s.version, ctx.Err()
}

// digest hashes everything the store answers from: each collection's digest
// (collection.digest, computed as it is built), the indicator catalogue and
// every value kept (valueTable). Numbers go through a small buffer, never
// one the size of the table.
func (s *Store) digest(built time.Time) data.Version {
	h := &hashWriter{d: xxhash.New()}
	ids := make([]string, 0, len(s.collections))
	for id := range s.collections {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		h.bytes([]byte(id))
		h.uint(s.collections[id].digest)
	}
	for _, ind := range s.ds.Indicators { // a dozen entries: every field, as text
		h.bytes(fmt.Appendf(nil, "%+v", ind))
		for _, r := range s.valueTable[ind.ID] {
			h.uint(uint64(r.year))
			h.uint(uint64(len(r.territories)))
			for _, t := range r.territories {
				h.uint(uint64(t))
			}
			h.floats(r.values)
			h.floats(r.numerators)
			h.floats(r.denominators)
		}
	}
	h.floats([]float64{s.scaleFactor})
	return data.Version{N: h.sum(), Changed: built.UTC().Truncate(time.Second)}
}

// hash hashes the collection's features in id order: their texts, which
// carry every served attribute, and, for a collection that writes its
// features when read, their stored geometry, through the GeoJSON writer
// with each position's float bits (much faster than writing them as text).
func (c *collection) hash() uint64 {
	h := &hashWriter{d: xxhash.New()}
	var text, geom []byte
	for i := range c.feats {
		text = c.keptText(text[:0], int32(i))
		h.bytes(text)
		if c.render != nil {
			geom = dataset.AppendGeometryWith(geom[:0], c.geometry(int32(i)), appendPositionBits)
			h.bytes(geom)
		}
	}
	return h.sum()
}

// appendPositionBits appends p's coordinates as their float bits.
func appendPositionBits(dst []byte, p orb.Point) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(p[0]))
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(p[1]))
}

// hashWriter feeds numbers to a digest through a fixed buffer.
type hashWriter struct {
	d   *xxhash.Digest
	buf []byte
}

const hashBuffer = 8 << 10

func (h *hashWriter) flush() {
	_, _ = h.d.Write(h.buf)
	h.buf = h.buf[:0]
}

func (h *hashWriter) uint(x uint64) {
	if len(h.buf)+8 > hashBuffer {
		h.flush()
	}
	h.buf = binary.LittleEndian.AppendUint64(h.buf, x)
}

func (h *hashWriter) floats(xs []float64) {
	h.uint(uint64(len(xs)))
	for _, x := range xs {
		h.uint(math.Float64bits(x))
	}
}

func (h *hashWriter) bytes(b []byte) {
	h.uint(uint64(len(b)))
	h.flush()
	_, _ = h.d.Write(b)
}

func (h *hashWriter) sum() uint64 {
	h.flush()
	return h.d.Sum64()
}
