package memory

import (
	"context"

	"github.com/maillage/maillage/data"
	"github.com/paulmach/orb"
)

// Extent implements data.Store from the bounds computed at load: the union of
// the envelopes added to the collection and, for partnerships, the range of
// start dates. Both are fixed once New returns, so nothing is computed here.
func (s *Store) Extent(ctx context.Context, collection string) (orb.Bound, *data.Interval, error) {
	c, err := s.collection(collection)
	if err != nil {
		return orb.Bound{}, nil, err
	}
	if err := ctx.Err(); err != nil {
		return orb.Bound{}, nil, err
	}
	var b orb.Bound
	if c.hasExtent {
		b = c.extent
	}
	if c.dates == nil {
		return b, nil, nil
	}
	during := *c.dates // the caller's copy
	return b, &during, nil
}
