package postgis

import "github.com/maillage/maillage/data"

// ItemsStatement returns the SQL text and arguments Items runs for q, so
// that a benchmark can time the bare statement against the whole server in
// the same run, and an operator can EXPLAIN what a request costs.
func ItemsStatement(collection string, q data.ItemsQuery) (string, []any, error) {
	src, err := lookupSource(collection, q)
	if err != nil {
		return "", nil, err
	}
	p, err := featuresPlan(src, q)
	if err != nil {
		return "", nil, err
	}
	return p.sql, p.args, nil
}
