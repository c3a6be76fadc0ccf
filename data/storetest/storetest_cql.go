package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo/cql2"
)

// parseCQL reads a filter of the suite, checked against the collection as
// the server would; a suite bug fails t.
func parseCQL(t *testing.T, collection, text string, lang cql2.Lang) cql2.Expr {
	t.Helper()
	e, err := cql2.Parse(text, lang)
	if err != nil {
		t.Fatalf("suite bug: %s: %v", text, err)
	}
	c, _ := data.LookupCollection(collection)
	if err := cql2.Check(e, c.CQLQueryables()); err != nil {
		t.Fatalf("suite bug: %s: %v", text, err)
	}
	return e
}

// testCQL runs every CQL2 case in both encodings, counts, and walks each
// by cursor in pages of 2.
func testCQL(t *testing.T, s data.Store, _ *oracle) {
	for _, c := range cqlCases() {
		t.Run(c.collection+"/"+c.name, func(t *testing.T) {
			langs := map[cql2.Lang]string{cql2.LangText: c.text}
			if c.json != "" {
				langs[cql2.LangJSON] = c.json
			}
			for lang, text := range langs {
				q := data.ItemsQuery{Filter: parseCQL(t, c.collection, text, lang)}
				checkQuery(t, s, filterCase{string(lang), c.collection, q, c.want}, int64(len(c.want)))
			}
			q := data.ItemsQuery{Filter: parseCQL(t, c.collection, c.text, cql2.LangText), Limit: 2}
			var paged []string
			for range 20 {
				page := ids(items(t, s, c.collection, q))
				paged = append(paged, page...)
				if len(page) < 2 {
					break
				}
				q.After = page[len(page)-1]
			}
			if !slices.Equal(nonNil(paged), c.want) {
				t.Errorf("by cursor, pages of 2: got %v, want %v", paged, c.want)
			}
		})
	}
}

// testSortBy checks orders, nulls last, and pages by offset.
func testSortBy(t *testing.T, s data.Store, _ *oracle) {
	for _, c := range sortCases() {
		q := data.ItemsQuery{SortBy: c.sortBy, Offset: c.offset, Limit: c.limit}
		if c.filter != "" {
			q.Filter = parseCQL(t, c.collection, c.filter, cql2.LangText)
		}
		if got := ids(items(t, s, c.collection, q)); !slices.Equal(got, c.want) {
			t.Errorf("%s %s: got %v, want %v", c.collection, c.name, got, c.want)
		}
	}
	// Paging through a sorted collection by offset gives the whole order.
	keys := []data.SortKey{{Name: "reach", Desc: true}}
	var paged []string
	for offset := 0; offset < 12; offset += 3 {
		paged = append(paged, ids(items(t, s, data.CollectionActors, data.ItemsQuery{SortBy: keys, Offset: offset, Limit: 3}))...)
	}
	if want := sortCases()[2].want; !slices.Equal(paged, want) {
		t.Errorf("sorted pages of 3: got %v, want %v", paged, want)
	}
}

// testProperties checks a selection keeps the named properties only, in
// catalogue order, with the values of the full feature.
func testProperties(t *testing.T, s data.Store, o *oracle) {
	cases := []struct {
		collection string
		names      []string
		want       []string
	}{
		{data.CollectionActors, []string{"reach", "kind"}, []string{"kind", "reach"}},
		{data.CollectionCommunes, []string{"population"}, []string{"population"}},
		{data.CollectionPartnerships, []string{"end", "actor_a", "start"}, []string{"actor_a", "start", "end"}},
	}
	for _, c := range cases {
		filter := parseCQL(t, c.collection, "TRUE", cql2.LangText)
		want := o.features(c.collection)
		got := items(t, s, c.collection, data.ItemsQuery{Properties: c.names, Filter: filter})
		if len(got) != len(want) {
			t.Fatalf("%s %v: %d features, want %d", c.collection, c.names, len(got), len(want))
		}
		for i := range want {
			for _, d := range diffFeature(got[i], want[i], c.want) {
				t.Errorf("%s %v: feature %v: %s", c.collection, c.names, want[i].id, d)
			}
		}
	}
	// With a filter, a sort and a page.
	q := data.ItemsQuery{Properties: []string{"kind"}, SortBy: []data.SortKey{{Name: "kind"}}, Limit: 2,
		Filter: parseCQL(t, data.CollectionActors, "kind <> 'association'", cql2.LangText)}
	got := items(t, s, data.CollectionActors, q)
	if ids := ids(got); !slices.Equal(ids, []string{"9", "3"}) {
		t.Errorf("selected, filtered, sorted: got %v, want [9 3]", ids)
	}
	for _, f := range got {
		if !slices.Equal(f.keys, []string{"kind"}) {
			t.Errorf("selected, filtered, sorted: properties %v, want [kind]", f.keys)
		}
	}
}

// testInvalidCQL: filters, selections and sorts a store must refuse with a
// *data.FilterError naming the parameter, whatever the server checked.
func testInvalidCQL(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	noop := func([]byte) error { return nil }
	unchecked := func(text string) cql2.Expr {
		e, err := cql2.Parse(text, cql2.LangText)
		if err != nil {
			t.Fatalf("suite bug: %v", err)
		}
		return e
	}
	cases := []struct {
		q     data.ItemsQuery
		names string
	}{
		{data.ItemsQuery{Filter: unchecked("siren = '216901231'")}, "filter"},
		{data.ItemsQuery{Filter: unchecked("kind = 1")}, "filter"},
		{data.ItemsQuery{Filter: unchecked("S_INTERSECTS(kind, POINT(1 1))")}, "filter"},
		{data.ItemsQuery{Filter: unchecked("kind LIKE 'a\\'")}, "filter"},
		{data.ItemsQuery{Properties: []string{"kind", "nope"}}, "properties"},
		{data.ItemsQuery{SortBy: []data.SortKey{{Name: "siren"}}}, "sortby"},
		{data.ItemsQuery{SortBy: []data.SortKey{{Name: "kind"}}, After: "3"}, "after"},
	}
	for _, c := range cases {
		err := s.Items(ctx, data.CollectionActors, c.q, noop)
		var fe *data.FilterError
		if !errors.Is(err, data.ErrInvalidFilter) || !errors.As(err, &fe) || fe.Property != c.names {
			t.Errorf("Items(%+v): got %v, want a FilterError naming %s", c.q, err, c.names)
		}
	}
}
