package analysis

import (
	"context"

	"github.com/maillage/maillage/data"
)

// CountItems counts the features of a collection of src matching q, once
// per query and data version: the count behind numberMatched, which every
// page of a query repeats and which costs a scan of up to CountCap rows on
// PostGIS. Paging (After, Offset, Limit) plays no part, so the pages of one
// query share one count.
func (a *Analyst) CountItems(ctx context.Context, src data.Collections, collection string, q data.ItemsQuery) (int64, error) {
	q.After, q.Offset, q.Limit = "", 0, 0
	v, err := a.version(ctx)
	if err != nil {
		return 0, err
	}
	k := cacheKey{v, "count", collection + "/" + queryKey(q)}
	return get(ctx, a.cache, k, func(ctx context.Context) (int64, int, error) {
		n, err := src.CountItems(ctx, collection, q)
		return n, 64 + len(k.args), err
	})
}
