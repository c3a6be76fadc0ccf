package memory_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

func newStore(t testing.TB) *memory.Store {
	t.Helper()
	s, err := memory.New(datasettest.Sample())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func TestNewRejectsBadDatasets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		break_ func(ds *dataset.Dataset)
		want   string
	}{
		{"duplicate actor", func(ds *dataset.Dataset) { ds.Actors[1].ID = 1 }, "duplicate actor id 1"},
		{"duplicate territory", func(ds *dataset.Dataset) { ds.Territories = append(ds.Territories, ds.Territories[0]) }, "duplicate"},
		{"partnership to nobody", func(ds *dataset.Dataset) { ds.Partnerships[0].ActorB = 99 }, "partnership 1 names a missing actor"},
		{"alliance nowhere", func(ds *dataset.Dataset) { ds.Alliances[0].TerritoryCode = "13" }, "alliance 1 names a missing territory"},
		{"member nobody", func(ds *dataset.Dataset) { ds.Alliances[0].Members[0].ActorID = 99 }, "member 99 is not an actor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ds := datasettest.Sample()
			c.break_(ds)
			if _, err := memory.New(ds); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("New: got %v, want an error containing %q", err, c.want)
			}
		})
	}
	if _, err := memory.New(nil); err == nil {
		t.Error("New(nil): got no error")
	}
}

func TestNewDoesNotKeepTheCallersSlices(t *testing.T) {
	t.Parallel()
	ds := datasettest.Sample()
	s, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	ds.Actors[0].Name = "changed"
	ds.Actors[0], ds.Actors[1] = ds.Actors[1], ds.Actors[0]
	a, err := s.Actor(context.Background(), 1)
	if err != nil || a.Name != datasettest.Sample().Actors[0].Name {
		t.Errorf("Actor(1) after the caller changed its dataset: got %q, %v", a.Name, err)
	}
}

func TestTerritory(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	cases := []struct {
		level geo.Level
		code  string
		name  string
		alli  geo.AllianceHistory
	}{
		{geo.LevelRegion, "84", "Auvergne-Rhône-Alpes", geo.AllianceHistory{Count: 2, FirstYear: 2012}},
		{geo.LevelDepartement, "84", "Vaucluse", geo.AllianceHistory{}},
		{geo.LevelEPCI, "200046977", "Métropole de Lyon", geo.AllianceHistory{Count: 1, FirstYear: 2012}},
		{geo.LevelCommune, "69123", "Lyon", geo.AllianceHistory{Count: 1, FirstYear: 2012}},
	}
	for _, c := range cases {
		got, err := s.Territory(ctx, c.level, c.code)
		if err != nil || got.Name != c.name || got.Level != c.level || got.Alliances != c.alli {
			t.Errorf("Territory(%s, %s): got %s %q %+v, %v; want %q %+v", c.level, c.code, got.Level, got.Name, got.Alliances, err, c.name, c.alli)
		}
	}
	for _, c := range []struct {
		level geo.Level
		code  string
	}{{geo.LevelDepartement, "11"}, {geo.LevelCommune, "69"}, {geo.LevelRegion, "99"}, {"", "84"}} {
		if _, err := s.Territory(ctx, c.level, c.code); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Territory(%s, %s): got %v, want ErrNotFound", c.level, c.code, err)
		}
	}
}

func TestChildren(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	cases := []struct {
		parentLevel geo.Level
		parent      string
		level       geo.Level
		want        []string // nil: not found
	}{
		{geo.LevelRegion, "84", geo.LevelDepartement, []string{"38", "69"}},
		{geo.LevelRegion, "84", geo.LevelCommune, []string{"38185", "69123", "69266"}},
		{geo.LevelDepartement, "84", geo.LevelCommune, []string{}}, // Vaucluse, not the région
		{geo.LevelRegion, "93", geo.LevelDepartement, []string{"84"}},
		{geo.LevelRegion, "11", geo.LevelEPCI, []string{"200054781"}},
		{geo.LevelDepartement, "75", geo.LevelEPCI, []string{}}, // the EPCI spans départements
		{geo.LevelEPCI, "200046977", geo.LevelCommune, []string{"69123", "69266"}},
		{geo.LevelCommune, "69123", geo.LevelCommune, []string{}},
		{geo.LevelDepartement, "38", geo.LevelRegion, []string{}},
		{geo.LevelDepartement, "99", geo.LevelCommune, nil},
		{geo.LevelCommune, "84", geo.LevelCommune, nil},
		{geo.LevelRegion, "84", "canton", nil},
	}
	for _, c := range cases {
		t.Run(string(c.parentLevel)+" "+c.parent+" "+string(c.level), func(t *testing.T) {
			t.Parallel()
			got, err := s.Children(context.Background(), c.parentLevel, c.parent, c.level)
			if c.want == nil {
				if !errors.Is(err, data.ErrNotFound) {
					t.Errorf("got %v, want ErrNotFound", err)
				}
				return
			}
			if err != nil || got == nil {
				t.Fatalf("got %v, %v; want a non-nil list", got, err)
			}
			codes := []string{}
			for _, ter := range got {
				codes = append(codes, ter.Code)
			}
			if !slices.Equal(codes, c.want) {
				t.Errorf("got %v, want %v", codes, c.want)
			}
		})
	}
}

func TestActorAndPartnership(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	want := datasettest.Sample()
	for _, w := range want.Actors {
		got, err := s.Actor(ctx, w.ID)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("Actor(%d): got %+v, %v; want %+v", w.ID, got, err, w)
		}
	}
	for _, w := range want.Partnerships {
		got, err := s.Partnership(ctx, w.ID)
		if err != nil || got != w {
			t.Errorf("Partnership(%d): got %+v, %v; want %+v", w.ID, got, err, w)
		}
	}
	if _, err := s.Actor(ctx, 99); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Actor(99): got %v, want ErrNotFound", err)
	}
	if _, err := s.Partnership(ctx, 99); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Partnership(99): got %v, want ErrNotFound", err)
	}
}

func TestObservatory(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ds := datasettest.Sample()
	kinds := map[int64]geo.ActorKind{}
	for _, a := range ds.Actors {
		kinds[a.ID] = a.Kind
	}
	// scope picks the actors by id, written by hand from the sample.
	cases := []struct {
		level  geo.Level
		code   string
		actors []int64
	}{
		{"", "", []int64{1, 2, 3, 4, 5, 7}},            // France: all but Geneva
		{geo.LevelDepartement, "84", nil},              // Vaucluse, which has no actor
		{geo.LevelRegion, "84", []int64{1, 2, 3, 4}},   // Auvergne-Rhône-Alpes, same code
		{geo.LevelDepartement, "69", []int64{1, 2, 3}}, // Rhône
		{geo.LevelEPCI, "200046977", []int64{1, 2, 3}},
		{geo.LevelCommune, "69266", []int64{2}},
		{geo.LevelRegion, "04", []int64{7}},
	}
	for _, c := range cases {
		name := string(c.level) + " " + c.code
		if c.level == "" {
			name = "France"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := geo.ObservatoryInput{Level: c.level, Territory: c.code, Kinds: kinds, ScaleFactor: 1}
			for _, a := range ds.Actors {
				if slices.Contains(c.actors, a.ID) {
					in.Actors = append(in.Actors, a)
				}
			}
			for _, p := range ds.Partnerships {
				if slices.Contains(c.actors, p.ActorA) || slices.Contains(c.actors, p.ActorB) {
					in.Partnerships = append(in.Partnerships, p)
				}
			}
			got, err := storetest.Figures(context.Background(), s, c.level, c.code, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := geo.ComputeObservatory(in); !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
	notFound := []struct {
		level geo.Level
		code  string
	}{
		{geo.LevelDepartement, "99"}, {geo.LevelRegion, "69"}, {"", "69"}, {geo.LevelDepartement, ""}, {"canton", "69"},
	}
	for _, c := range notFound {
		if _, err := s.ObservatoryCounts(context.Background(), c.level, c.code, nil); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Observatory(%q, %q): got %v, want ErrNotFound", c.level, c.code, err)
		}
	}
}

func TestObservatoryUsesScaleFactor(t *testing.T) {
	t.Parallel()
	ds := datasettest.Sample()
	ds.ScaleFactor = 100
	s, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	got, err := storetest.Figures(context.Background(), s, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Counted here: the partnerships with an end in France, each once;
	// the national figure is that count times the scale factor.
	france := map[int64]bool{}
	for _, a := range ds.Actors {
		france[a.ID] = a.Country == "" || a.Country == "FR"
	}
	n := 0.0
	for _, p := range ds.Partnerships {
		if france[p.ActorA] || france[p.ActorB] {
			n++
		}
	}
	f, ok := got.Figure("partnerships_total")
	if !ok || n == 0 || f.Numerator != n || f.Value != 100*n || f.Denominator != 0.01 {
		t.Errorf("partnerships_total: %+v (%v), want %v partnerships, %v for France", f, ok, n, 100*n)
	}
}

// TestReadOnlyAndPing: the embedded store has no writer at all (it is no
// data.Importer), and is always ready.
func TestReadOnlyAndPing(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	if _, ok := any(s).(data.Importer); ok {
		t.Error("the embedded store is a data.Importer; it must be read-only")
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
	s.Close()
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			ctx := context.Background()
			for _, c := range data.Catalog() {
				if err := s.Items(ctx, c.ID, data.ItemsQuery{}, func([]byte) error { return nil }); err != nil {
					t.Error(err)
				}
			}
			if _, err := s.ObservatoryCounts(ctx, geo.LevelDepartement, "69", nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
