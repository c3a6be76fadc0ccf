package server

import (
	"context"
	"net/url"
	"time"

	"github.com/maillage/maillage/data"
)

// The analyses (flows, gaps, coverage, the observatory's figures,
// portraits, an actor's partners, the partnership tiles) count the
// partnerships active today unless datetime names another time:
// "datetime=../.." counts every partnership on record. Today is the UTC
// date (data.Today), fixed once per request by conditional, which also
// puts it in the answer's ETag and Last-Modified: a default answer changes
// at midnight, the data version or not (the embedded store's never
// changes).

// readAnalysisDatetime reads an analysis' datetime (readDatetime); absent,
// it is today's date, as if given (so a portrait says which day it
// counts, and its links keep that day).
func readAnalysisDatetime(ctx context.Context, q url.Values) (*data.Interval, string, error) {
	if during, text, err := readDatetime(q); err != nil || during != nil {
		return during, text, err
	}
	return data.Today(ctx), data.TodayOf(ctx).Format(time.DateOnly), nil
}
