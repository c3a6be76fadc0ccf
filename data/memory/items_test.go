package memory_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// pageIDs runs Items and returns the feature ids of the page.
func pageIDs(t *testing.T, s data.Store, collection string, q data.ItemsQuery) []string {
	t.Helper()
	ids := []string{}
	err := s.Items(context.Background(), collection, q, func(b []byte) error {
		f, err := parse(b)
		if err != nil {
			return err
		}
		ids = append(ids, f.id)
		return nil
	})
	if err != nil {
		t.Fatalf("Items(%s, %+v): %v", collection, q, err)
	}
	return ids
}

func TestItemsOrder(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	want := map[string][]string{
		data.CollectionActors:       {"1", "2", "3", "4", "5", "6", "7"},
		data.CollectionPartnerships: {"1", "2", "3", "4", "5"},
		data.CollectionAlliances:    {"1", "2"},
		data.CollectionRegions:      {"04", "11", "84", "93"},
		data.CollectionDepartements: {"38", "69", "75", "84", "974"},
		data.CollectionEPCIs:        {"200046977", "200054781"},
		data.CollectionCommunes:     {"38185", "69123", "69266", "75056", "97411"},
	}
	for _, c := range data.Catalog() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			if got := pageIDs(t, s, c.ID, data.ItemsQuery{}); !slices.Equal(got, want[c.ID]) {
				t.Errorf("got %v, want %v", got, want[c.ID])
			}
			n, err := s.CountItems(context.Background(), c.ID, data.ItemsQuery{Limit: 1, Offset: 1})
			if err != nil || n != int64(len(want[c.ID])) {
				t.Errorf("CountItems: got %d, %v, want %d", n, err, len(want[c.ID]))
			}
		})
	}
}

func TestItemsPaging(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	all := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	lyon := orb.Bound{Min: orb.Point{4.82, 45.75}, Max: orb.Point{4.89, 45.78}}
	cases := []struct {
		name string
		q    data.ItemsQuery
		want []string
	}{
		{"first page", data.ItemsQuery{Limit: 3}, []string{"1", "2", "3"}},
		{"middle page", data.ItemsQuery{Limit: 3, Offset: 2}, []string{"3", "4", "5"}},
		{"last, short page", data.ItemsQuery{Limit: 3, Offset: 6}, []string{"7"}},
		{"past the end", data.ItemsQuery{Limit: 3, Offset: 7}, []string{}},
		{"limit 0 means all", data.ItemsQuery{Offset: 5}, []string{"6", "7"}},
		{"bbox over everything, paged", data.ItemsQuery{BBox: &all, Limit: 2, Offset: 3}, []string{"4", "5"}},
		{"small bbox, paged", data.ItemsQuery{BBox: &lyon, Limit: 2, Offset: 1}, []string{"2", "3"}},
		{"small bbox past its end", data.ItemsQuery{BBox: &lyon, Offset: 3}, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := pageIDs(t, s, data.CollectionActors, c.q); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestItemsBBox(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	cases := []struct {
		name string
		bbox [4]float64
		want map[string][]string // missing collections: no feature
	}{
		{"nothing (Atlantic)", [4]float64{-30, 40, -29, 41}, nil},
		{"inverted box", [4]float64{5, 46, 4, 45}, nil},
		{"central Lyon", [4]float64{4.82, 45.75, 4.89, 45.78}, map[string][]string{
			data.CollectionActors:       {"1", "2", "3"},
			data.CollectionPartnerships: {"1", "2", "3", "4", "5"},
			data.CollectionAlliances:    {"1"},
			data.CollectionRegions:      {"84"},
			data.CollectionDepartements: {"69"},
			data.CollectionCommunes:     {"69123", "69266"},
		}},
		// Lyon's point is the box's lower-left corner: on the boundary counts.
		{"points on the corner", [4]float64{4.8357, 45.764, 4.85, 45.77}, map[string][]string{
			data.CollectionActors:       {"1"},
			data.CollectionPartnerships: {"1", "2", "3", "5"},
			data.CollectionAlliances:    {"1"},
			data.CollectionRegions:      {"84"},
			data.CollectionDepartements: {"69"},
			data.CollectionCommunes:     {"69123"},
		}},
		// The middle of the Lyon–Paris link, far from both ends.
		{"crossed by one line only", [4]float64{3.58, 47.30, 3.60, 47.32}, map[string][]string{
			data.CollectionPartnerships: {"3"},
		}},
		// Inside the Lyon–Paris link's envelope but far off the line, and
		// inside région 84's rectangle.
		{"inside an envelope, off the line", [4]float64{2.5, 46.0, 2.7, 46.2}, map[string][]string{
			data.CollectionRegions: {"84"},
		}},
		// Région 84's east edge is at 7.19: a box starting there touches it.
		{"touching a polygon's edge", [4]float64{7.19, 45.0, 7.3, 45.1}, map[string][]string{
			data.CollectionRegions: {"84", "93"},
		}},
		{"La Réunion", [4]float64{55, -22, 56, -20}, map[string][]string{
			data.CollectionActors:       {"7"},
			data.CollectionRegions:      {"04"},
			data.CollectionDepartements: {"974"},
			data.CollectionCommunes:     {"97411"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := orb.Bound{Min: orb.Point{c.bbox[0], c.bbox[1]}, Max: orb.Point{c.bbox[2], c.bbox[3]}}
			for _, col := range data.Catalog() {
				want := c.want[col.ID]
				if want == nil {
					want = []string{}
				}
				q := data.ItemsQuery{BBox: &b}
				if got := pageIDs(t, s, col.ID, q); !slices.Equal(got, want) {
					t.Errorf("%s: got %v, want %v", col.ID, got, want)
				}
				if n, err := s.CountItems(context.Background(), col.ID, q); err != nil || n != int64(len(want)) {
					t.Errorf("CountItems(%s): got %d, %v, want %d", col.ID, n, err, len(want))
				}
			}
		})
	}
}

func TestItemsErrors(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	noop := func([]byte) error { return nil }
	if err := s.Items(ctx, "nope", data.ItemsQuery{}, noop); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Items(nope): got %v, want ErrNotFound", err)
	}
	if _, err := s.CountItems(ctx, "nope", data.ItemsQuery{}); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("CountItems(nope): got %v, want ErrNotFound", err)
	}
	for _, q := range []data.ItemsQuery{{Limit: -1}, {Limit: data.MaxLimit + 1}, {Offset: -1}} {
		if err := s.Items(ctx, data.CollectionActors, q, noop); err == nil {
			t.Errorf("Items(%+v): got no error", q)
		}
	}
	stop := errors.New("stop")
	for _, bbox := range []*orb.Bound{nil, {Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, {Min: orb.Point{4, 45}, Max: orb.Point{5, 46}}} {
		calls := 0
		err := s.Items(ctx, data.CollectionActors, data.ItemsQuery{BBox: bbox}, func([]byte) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("emit error with bbox %v: got %v after %d calls, want it after 1", bbox, err, calls)
		}
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Items(canceled, data.CollectionActors, data.ItemsQuery{}, noop); !errors.Is(err, context.Canceled) {
		t.Errorf("Items with a canceled context: got %v, want context.Canceled", err)
	}
}

func TestItem(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	cases := []struct {
		collection, id string
		wantID         string // "" for not found
		wantName       string
	}{
		{data.CollectionActors, "4", "4", "Université Grenoble Alpes"},
		{data.CollectionActors, "004", "4", "Université Grenoble Alpes"}, // read as a bigint
		{data.CollectionRegions, "84", "84", "Auvergne-Rhône-Alpes"},
		{data.CollectionDepartements, "84", "84", "Vaucluse"},
		{data.CollectionCommunes, "69123", "69123", "Lyon"},
		{data.CollectionAlliances, "2", "2", "Labo des partenariats du Rhône"},
		{data.CollectionDepartements, "11", "", ""}, // a région
		{data.CollectionActors, "99", "", ""},
		{data.CollectionActors, "x", "", ""},
		{data.CollectionActors, "", "", ""},
		{data.CollectionPartnerships, "1.0", "", ""},
		{"nope", "1", "", ""},
	}
	for _, c := range cases {
		t.Run(c.collection+" "+strconv.Quote(c.id), func(t *testing.T) {
			t.Parallel()
			b, err := s.Item(ctx, c.collection, c.id, geo.CRS84)
			if c.wantID == "" {
				if !errors.Is(err, data.ErrNotFound) {
					t.Errorf("got %v, want ErrNotFound", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f, err := parse(b)
			if err != nil {
				t.Fatal(err)
			}
			if name, _ := f.props["name"].(string); f.id != c.wantID || (c.wantName != "" && name != c.wantName) {
				t.Errorf("got id %s name %q, want %s %q", f.id, name, c.wantID, c.wantName)
			}
		})
	}
}
