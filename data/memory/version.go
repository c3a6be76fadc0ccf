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
)

// Version implements data.Store: fixed for the store's life, a digest of
// its rows (digest), so that every process serving the same dataset gives
// the same ETags.
func (s *Store) Version(ctx context.Context) (data.Version, error) {
	return s.version, ctx.Err()
}

// digest hashes everything the store answers from: each collection's
// feature texts in id order (which carry every served attribute), the
// indicator catalogue and every indicator value. xxhash reads a demo's
// ~30 MB in a few milliseconds at start.
func (s *Store) digest(built time.Time) data.Version {
	h := xxhash.New()
	ids := make([]string, 0, len(s.collections))
	for id := range s.collections {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		_, _ = h.WriteString(id)
		for _, f := range s.collections[id].feats {
			_, _ = h.Write(f.text)
		}
	}
	var buf []byte
	for _, ind := range s.ds.Indicators { // a dozen entries: every field, as text
		buf = fmt.Appendf(buf, "%+v", ind)
	}
	for _, v := range s.ds.IndicatorValues {
		buf = append(buf, v.IndicatorID...)
		buf = append(buf, v.TerritoryCode...)
		buf = binary.LittleEndian.AppendUint64(buf, uint64(v.Year))
		for _, x := range [3]float64{v.Value, v.Numerator, v.Denominator} {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
		}
	}
	buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(s.scaleFactor))
	_, _ = h.Write(buf)
	return data.Version{N: h.Sum64(), Changed: built.UTC().Truncate(time.Second)}
}
