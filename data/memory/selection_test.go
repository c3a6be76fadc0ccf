package memory

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// shown reads the properties of feature i from its rendered JSON as filter
// text (see filterText): what a client sees, independent of queryables.go.
func shown(t *testing.T, c *collection, i int32) map[string]string {
	t.Helper()
	var f struct {
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(c.texts(data.StorageCRS)(i), &f); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range f.Properties {
		switch v := v.(type) {
		case string:
			out[k] = v
		case bool:
			out[k] = strconv.FormatBool(v)
		case float64:
			out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return out
}

// TestQueryablesMatchRendering checks every queryable's postings against
// the values the features show: a feature is listed under a value exactly
// when its JSON shows that value, and null values are not listed.
func TestQueryablesMatchRendering(t *testing.T) {
	t.Parallel()
	datasets := map[string]*dataset.Dataset{"fixture": storetest.Fixture()}
	if !testing.Short() {
		datasets["synthetic"] = synthetic(4)
	}
	for name, ds := range datasets {
		s, err := New(ds)
		if err != nil {
			t.Fatal(err)
		}
		for id, c := range s.collections {
			listed := map[string]map[int32]string{} // queryable → position → value
			for q, lists := range c.postings {
				listed[q] = map[int32]string{}
				for v, list := range lists {
					if !slices.IsSorted(list) {
						t.Errorf("%s %s: %s=%s: positions not sorted", name, id, q, v)
					}
					for _, i := range list {
						listed[q][i] = v
					}
				}
			}
			for i := range c.feats {
				props := shown(t, c, int32(i))
				for _, q := range c.meta.Queryables {
					if got, want := listed[q][int32(i)], props[q]; got != want {
						t.Fatalf("%s %s feature %d: %s listed as %q, shown as %q", name, id, i, q, got, want)
					}
				}
			}
		}
	}
}

// TestWalkAgreesWithBruteForce checks selections of every shape (bbox of
// every size, filters, interval, cursor, alone and together) against
// testing every feature's shown values on the synthetic dataset.
func TestWalkAgreesWithBruteForce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a demo-sized dataset")
	}
	s, err := New(synthetic(5))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(6, 7))
	filters := map[string][][2]string{
		data.CollectionActors: {{"kind", "association"}, {"kind", "etat"}, {"size_class", "10-249"},
			{"region", "84"}, {"departement", "2A"}, {"employer", "false"}},
		data.CollectionPartnerships: {{"category", "mecenat"}, {"kind_a", "entreprise"}, {"scale", "local"}},
		data.CollectionCommunes:     {{"density_class", "3"}, {"region", "11"}, {"departement", "2B"}},
	}
	for id, fs := range filters {
		c := s.collections[id]
		props := make([]map[string]string, len(c.feats))
		for i := range c.feats {
			props[i] = shown(t, c, int32(i))
		}
		for range 200 {
			var q data.ItemsQuery
			if rng.IntN(2) == 0 {
				w, h := rng.Float64()*rng.Float64()*14, rng.Float64()*rng.Float64()*10
				x, y := -6+rng.Float64()*15, 41+rng.Float64()*11
				q.BBox = &orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
			}
			for range rng.IntN(3) {
				f := fs[rng.IntN(len(fs))]
				q.Equals = append(q.Equals, data.PropertyFilter{Name: f[0], Value: f[1]})
			}
			if id == data.CollectionPartnerships && rng.IntN(2) == 0 {
				base := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
				q.During = &data.Interval{Start: base.AddDate(0, 0, rng.IntN(4000)-200)}
				if rng.IntN(2) == 0 {
					q.During.End = q.During.Start.AddDate(0, 0, rng.IntN(1500))
				}
			}
			from := int32(rng.IntN(len(c.feats) + 1))
			if from < int32(len(c.feats)) && rng.IntN(4) > 0 {
				q.After = idOf(c, from-1)
			}
			sel, err := c.selection(q)
			if err != nil {
				t.Fatal(err)
			}
			var want []int32
			for i := range c.feats {
				p := props[i]
				keep := (q.After == "" || int32(i) >= from) && (q.BBox == nil || c.matches(int32(i), *q.BBox))
				for _, f := range q.Equals {
					keep = keep && p[f.Name] == f.Value
				}
				if q.During != nil {
					// Active at some instant: started by the end, not ended
					// before the start (End is never before Start here).
					start, _ := time.Parse(geo.DateLayout, p["start"])
					keep = keep && (q.During.End.IsZero() || !start.After(q.During.End))
					if end, err := time.Parse(geo.DateLayout, p["end"]); err == nil {
						keep = keep && !end.Before(q.During.Start)
					}
				}
				if keep {
					want = append(want, int32(i))
				}
			}
			var got []int32
			if err := c.walk(context.Background(), sel, func(i int32) bool { got = append(got, i); return true }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s %+v: got %d features, want %d", id, q, len(got), len(want))
			}
		}
	}
}

// idOf is the id of feature i as text; "-1" before the first, so the
// cursor keeps everything.
func idOf(c *collection, i int32) string {
	switch {
	case i < 0 && c.intKeys != nil:
		return strconv.FormatInt(c.intKeys[0]-1, 10)
	case i < 0:
		return "" // no code sorts before every other; no cursor instead
	case c.intKeys != nil:
		return strconv.FormatInt(c.intKeys[i], 10)
	}
	return c.codeKeys[i]
}
