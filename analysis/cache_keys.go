package analysis

import (
	"strconv"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
)

// queryKey writes every field of q that can change an answer as text, for
// a cache key: two queries with the same key ask the same thing. The
// filter is written back as CQL2 text (cql2.Text), which is canonical for
// one tree.
func queryKey(q data.ItemsQuery) string {
	var b strings.Builder
	if q.BBox != nil {
		for _, v := range [4]float64{q.BBox.Min[0], q.BBox.Min[1], q.BBox.Max[0], q.BBox.Max[1]} {
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			b.WriteByte(',')
		}
	}
	b.WriteString("|limit=" + strconv.Itoa(q.Limit) + "|offset=" + strconv.Itoa(q.Offset) + "|after=" + strconv.Quote(q.After))
	for _, f := range q.Equals {
		b.WriteString("|" + strconv.Quote(f.Name) + "=" + strconv.Quote(f.Value))
	}
	if q.During != nil {
		b.WriteString("|during=" + q.During.Start.String() + "/" + q.During.End.String())
	}
	if q.Touches != nil {
		b.WriteString("|touches=" + string(q.Touches.Level) + ":" + strconv.Quote(q.Touches.Code))
	}
	b.WriteString("|crs=" + strconv.Itoa(int(q.CRS)))
	if q.Filter != nil {
		b.WriteString("|filter=" + cql2.Text(q.Filter))
	}
	if q.Properties != nil {
		b.WriteString("|properties=" + strconv.Quote(strings.Join(q.Properties, ",")))
	}
	for _, s := range q.SortBy {
		b.WriteString("|sort=" + strconv.Quote(s.Name) + strconv.FormatBool(s.Desc))
	}
	b.WriteString("|cap=" + strconv.FormatInt(q.CountCap, 10))
	return b.String()
}
