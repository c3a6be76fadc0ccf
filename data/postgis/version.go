package postgis

import (
	"context"
	"fmt"

	"github.com/maillage/maillage/data"
)

// Version reads the data version the database keeps (migration 00012):
// one row, bumped by statement triggers in the same transaction as any
// change of the data tables, so a caller that reads it before a query
// never pairs a version with older rows.
func (s *Store) Version(ctx context.Context) (data.Version, error) {
	var v data.Version
	var n int64
	if err := s.pool.QueryRow(ctx, "SELECT version, changed_at FROM data_version").Scan(&n, &v.Changed); err != nil {
		return data.Version{}, fmt.Errorf("postgis: data version: %w", translate(ctx, err))
	}
	v.N = uint64(n)
	v.Changed = v.Changed.UTC()
	return v, nil
}
