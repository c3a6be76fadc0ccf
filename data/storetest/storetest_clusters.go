package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// clusterZoom is the zoom the hand-made cluster cases are labelled at: cells
// of 1.40625°, whose edges (45, 4.21875, 5.625, 46.40625, −61.875, 0) the
// actors of ClusterDataset sit on or just beside.
const clusterZoom = 6

// clusterActors are ClusterDataset's actors, each with the cell a reader
// finds for it at clusterZoom by dividing by 1.40625 and flooring: on a
// west or south edge a point is in the cell, on an east or north edge in
// the next, and one double before an edge still in the cell.
func clusterActors() []struct {
	actor geo.Actor
	cell  geo.ClusterCell
} {
	before := func(v float64) float64 { return math.Nextafter(v, math.Inf(-1)) }
	fr := func(id int64, kind geo.ActorKind, commune string, p orb.Point, employees int) geo.Actor {
		return geo.Actor{ID: id, Name: fmt.Sprintf("Acteur %d", id), Kind: kind, CommuneCode: commune, Country: "FR",
			Location: p, Precision: geo.PrecisionExact, Employees: employees}
	}
	abroad := func(id int64, kind geo.ActorKind, country string, p orb.Point, employees int) geo.Actor {
		return geo.Actor{ID: id, Name: fmt.Sprintf("Acteur %d", id), Kind: kind, Country: country,
			Location: p, Precision: geo.PrecisionExact, Employees: employees}
	}
	type labelled = struct {
		actor geo.Actor
		cell  geo.ClusterCell
	}
	return []labelled{
		{fr(1, geo.KindEntreprise, "69243", orb.Point{4.21875, 45}, 10), geo.ClusterCell{X: 3, Y: 32}},                      // a south-west corner
		{fr(2, geo.KindAssociation, "69123", orb.Point{4.84, 45.76}, 0), geo.ClusterCell{X: 3, Y: 32}},                      // inside
		{fr(3, geo.KindCollectivite, "38185", orb.Point{5.625, 45.5}, 100), geo.ClusterCell{X: 4, Y: 32}},                   // an east edge: the next cell
		{fr(4, geo.KindEtat, "01249", orb.Point{5, 46.40625}, 20), geo.ClusterCell{X: 3, Y: 33}},                            // a north edge: the next cell
		{fr(5, geo.KindEnseignement, "01249", orb.Point{before(5.625), before(46.40625)}, 5), geo.ClusterCell{X: 3, Y: 32}}, // just inside the north-east corner
		{fr(6, geo.KindAssociation, "97105", orb.Point{-61.875, 16}, 0), geo.ClusterCell{X: -44, Y: 11}},                    // Guadeloupe, on a negative west edge
		{fr(7, geo.KindEntreprise, "97105", orb.Point{-61.55, 16.25}, 30), geo.ClusterCell{X: -44, Y: 11}},                  // inside
		{fr(8, geo.KindAutre, "97105", orb.Point{before(-61.875), 16.25}, 0), geo.ClusterCell{X: -45, Y: 11}},               // one double west of the edge
		{abroad(9, geo.KindClubEntreprises, "GB", orb.Point{0, 51.4779}, 0), geo.ClusterCell{X: 0, Y: 36}},                  // on the prime meridian
		{abroad(10, geo.KindEntreprise, "GB", orb.Point{-1e-9, 51.4779}, 7), geo.ClusterCell{X: -1, Y: 36}},                 // a nanodegree west of it
		{abroad(11, geo.KindAssociation, "CA", orb.Point{-73.5673, 45.5017}, 2), geo.ClusterCell{X: -53, Y: 32}},
		{fr(12, geo.KindAssociation, "97411", orb.Point{55.45, -20.88}, 3), geo.ClusterCell{X: 39, Y: -15}}, // Réunion
	}
}

// ClusterDataset is Fixture with Guadeloupe added (région 01, département
// 971, commune 97105, west of the prime meridian) and its actors replaced
// by clusterActors, without partnerships or alliances.
func ClusterDataset() *dataset.Dataset {
	ds := Fixture()
	ds.Territories = append(ds.Territories,
		geo.Territory{Code: "01", Name: "Guadeloupe", Level: geo.LevelRegion, Population: 384239,
			Geometry: multi(box(-61.9, 15.8, -61.0, 16.55))},
		geo.Territory{Code: "971", Name: "Guadeloupe", Level: geo.LevelDepartement, RegionCode: "01", Population: 384239,
			Geometry: multi(box(-61.9, 15.8, -61.0, 16.55))},
		geo.Territory{Code: "97105", Name: "Basse-Terre", Level: geo.LevelCommune, RegionCode: "01", DepartementCode: "971",
			Population: 9610, Geometry: orb.Point{-61.7261, 15.9958}, Approximate: true},
	)
	sortTerritories(ds.Territories)
	ds.Actors = nil
	for _, a := range clusterActors() {
		ds.Actors = append(ds.Actors, a.actor)
	}
	ds.Partnerships, ds.Alliances = nil, nil
	return ds
}

// wantClusters gathers the labelled actors the query keeps (in the box,
// edges included, and of the kind when one is given) by their labelled
// cells, in cell order.
func wantClusters(bbox orb.Bound, kind geo.ActorKind) []geo.ActorCluster {
	byCell := map[geo.ClusterCell][]geo.Actor{}
	for _, a := range clusterActors() {
		if bbox.Contains(a.actor.Location) && (kind == "" || a.actor.Kind == kind) {
			byCell[a.cell] = append(byCell[a.cell], a.actor)
		}
	}
	out := []geo.ActorCluster{}
	for _, cell := range slices.SortedFunc(maps.Keys(byCell), geo.CompareClusterCells) {
		cl := geo.ActorCluster{Cell: cell, ByKind: map[geo.ActorKind]int{}}
		var sx, sy float64
		for _, a := range byCell[cell] {
			cl.Count++
			cl.ByKind[a.Kind]++
			cl.Employees += int64(a.Employees)
			sx, sy = sx+a.Location[0], sy+a.Location[1]
		}
		cl.Center = orb.Point{sx / float64(cl.Count), sy / float64(cl.Count)}
		out = append(out, cl)
	}
	return out
}

// sameClusters compares clusters: cells, counts, kinds and employees
// exactly, centres within coordTolerance.
func sameClusters(got, want []geo.ActorCluster) error {
	if got == nil {
		return errors.New("got nil, want a list (empty when nothing matches)")
	}
	if len(got) != len(want) {
		return fmt.Errorf("got %d clusters %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Cell != w.Cell || g.Count != w.Count || g.Employees != w.Employees || !maps.Equal(g.ByKind, w.ByKind) {
			return fmt.Errorf("cluster %d: got %+v, want %+v", i, g, w)
		}
		if math.Abs(g.Center[0]-w.Center[0]) > coordTolerance || math.Abs(g.Center[1]-w.Center[1]) > coordTolerance {
			return fmt.Errorf("cluster %d (%v): centre %v, want %v", i, g.Cell, g.Center, w.Center)
		}
	}
	return nil
}

// testClusterGrid loads ClusterDataset into a store of its own and checks
// the labelled cells: edges, negative longitudes, the kind filter, the
// bbox's edges, an empty box.
func testClusterGrid(t *testing.T, newStore NewStore) {
	s := newStore(t, ClusterDataset())
	t.Cleanup(s.Close)
	ctx := context.Background()
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	cases := []struct {
		name string
		bbox orb.Bound
		kind geo.ActorKind
	}{
		{"the world", world, ""},
		{"associations", world, geo.KindAssociation},
		{"Europe", orb.Bound{Min: orb.Point{-10, 40}, Max: orb.Point{10, 52}}, ""},
		{"a kind absent from the box", orb.Bound{Min: orb.Point{-10, 40}, Max: orb.Point{10, 52}}, geo.KindAutre},
		// Actor 1 on the box's south-west corner and 4 on its north-east
		// one are in; 5, east of the box, is not.
		{"edges included", orb.Bound{Min: orb.Point{4.21875, 45}, Max: orb.Point{5, 46.40625}}, ""},
		{"a point box on an actor", orb.Bound{Min: orb.Point{4.84, 45.76}, Max: orb.Point{4.84, 45.76}}, ""},
		{"Guadeloupe", orb.Bound{Min: orb.Point{-62, 15.5}, Max: orb.Point{-61, 16.5}}, ""},
		{"open sea", orb.Bound{Min: orb.Point{-30, -10}, Max: orb.Point{-20, 0}}, ""},
	}
	for _, c := range cases {
		q := data.ItemsQuery{BBox: &c.bbox}
		if c.kind != "" {
			q.Equals = eq("kind", string(c.kind))
		}
		got, err := s.ActorClusters(ctx, clusterZoom, q)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if err := sameClusters(got, wantClusters(c.bbox, c.kind)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if got, err := s.ActorClusters(ctx, clusterZoom, data.ItemsQuery{BBox: &world, Equals: eq("kind", "etat")}); err != nil ||
		len(got) != 1 || got[0].Cell != (geo.ClusterCell{X: 3, Y: 33}) || got[0].Employees != 20 {
		t.Errorf("etat: got %+v, %v, want actor 4 alone in 3/33", got, err)
	}
	// At zoom 0 the cells are 90° wide: west of the prime meridian, east
	// of it, and Réunion south of the equator.
	got, err := s.ActorClusters(ctx, 0, data.ItemsQuery{BBox: &world})
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, cl := range got {
		cells = append(cells, fmt.Sprintf("%d/%d:%d", cl.Cell.X, cl.Cell.Y, cl.Count))
	}
	if want := []string{"-1/0:5", "0/-1:1", "0/0:6"}; !slices.Equal(cells, want) {
		t.Errorf("zoom 0: got %v, want %v", cells, want)
	}
}

// testActorClusters clusters the fixture's actors at every zoom a viewer
// zoomed out over France uses, and at the deepest: the same clusters as a
// geo.ClusterGrid fed the fixture's actors Items selects, totals equal to
// CountItems.
// Then the refusals.
func testActorClusters(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	bboxes := []struct {
		name string
		b    orb.Bound
	}{
		{"France and Réunion", orb.Bound{Min: orb.Point{-5.5, -22}, Max: orb.Point{56, 51.5}}},
		{"Lyon", orb.Bound{Min: orb.Point{4.7, 45.6}, Max: orb.Point{5.1, 46}}},
		{"on Lyon's actors' edges", orb.Bound{Min: orb.Point{4.8357, 45.76}, Max: orb.Point{4.88, 45.77}}},
		{"around actor 1", orb.Bound{Min: orb.Point{4.839, 45.759}, Max: orb.Point{4.841, 45.761}}},
		{"open sea", orb.Bound{Min: orb.Point{-30, -10}, Max: orb.Point{-20, 0}}},
	}
	for _, zoom := range []int{0, 2, 4, 5, 6, 7, 8, 10, geo.MaxClusterZoom} {
		for _, bb := range bboxes {
			for _, kind := range []string{"", "association", "autre"} {
				q := data.ItemsQuery{BBox: &bb.b}
				if kind != "" {
					q.Equals = eq("kind", kind)
				}
				name := fmt.Sprintf("zoom %d, %s, kind %q", zoom, bb.name, kind)
				if data.CheckActorClusters(zoom, q) != nil {
					continue // too many cells at this zoom: refusals below
				}
				got, err := s.ActorClusters(ctx, zoom, q)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				grid := geo.NewClusterGrid(geo.ClusterCellDegrees(zoom))
				for _, f := range items(t, s, data.CollectionActors, q) {
					a := o.actors[f.id.(int64)]
					grid.Add(a.Location, a.Kind, a.Employees)
				}
				if err := sameClusters(got, grid.Clusters()); err != nil {
					t.Errorf("%s: %v", name, err)
				}
				n, err := s.CountItems(ctx, data.CollectionActors, q)
				if err != nil {
					t.Fatal(err)
				}
				total := 0
				for _, cl := range got {
					total += cl.Count
				}
				if int64(total) != n {
					t.Errorf("%s: %d actors clustered, CountItems %d", name, total, n)
				}
			}
		}
	}
	france := orb.Bound{Min: orb.Point{-5.5, 41}, Max: orb.Point{10, 51.5}}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	for _, c := range []struct {
		name  string
		zoom  int
		q     data.ItemsQuery
		names string
	}{
		{"zoom below 0", -1, data.ItemsQuery{BBox: &france}, "zoom"},
		{"zoom beyond the deepest", geo.MaxClusterZoom + 1, data.ItemsQuery{BBox: &france}, "zoom"},
		{"no bbox", 5, data.ItemsQuery{}, "bbox"},
		{"the world at zoom 8", 8, data.ItemsQuery{BBox: &world}, "bbox"},
		{"France at zoom 12", 12, data.ItemsQuery{BBox: &france}, "bbox"},
		{"not a queryable", 5, data.ItemsQuery{BBox: &france, Equals: eq("siren", "x")}, "siren"},
		{"a datetime on actors", 5, data.ItemsQuery{BBox: &france, During: &data.Interval{}}, "datetime"},
	} {
		var fe *data.FilterError
		_, err := s.ActorClusters(ctx, c.zoom, c.q)
		if !errors.Is(err, data.ErrInvalidFilter) || !errors.As(err, &fe) || fe.Property != c.names {
			t.Errorf("ActorClusters(%s): got %v, want a FilterError naming %s", c.name, err, c.names)
		}
	}
}
