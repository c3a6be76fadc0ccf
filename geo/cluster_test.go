package geo

import (
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

func TestClusterCellDegrees(t *testing.T) {
	t.Parallel()
	cases := []struct {
		zoom int
		want float64
	}{
		{0, 90}, {1, 45}, {5, 2.8125}, {6, 1.40625}, {7, 0.703125}, {MaxClusterZoom, 90.0 / (1 << 22)},
	}
	for _, c := range cases {
		if got := ClusterCellDegrees(c.zoom); got != c.want {
			t.Errorf("zoom %d: got %v, want %v", c.zoom, got, c.want)
		}
		if got, want := ClusterCellDegrees(c.zoom), 360/math.Exp2(float64(c.zoom))/4; got != want {
			t.Errorf("zoom %d: got %v, want 360 / 2^zoom / 4 = %v", c.zoom, got, want)
		}
	}
}

func TestCellOf(t *testing.T) {
	t.Parallel()
	const c = 1.40625 // zoom 6
	cases := []struct {
		name string
		p    orb.Point
		want ClusterCell
	}{
		{"origin: the cell east and north of it", orb.Point{0, 0}, ClusterCell{0, 0}},
		{"just west and south of the origin", orb.Point{-1e-12, -1e-12}, ClusterCell{-1, -1}},
		{"on a west edge", orb.Point{3 * c, 0.5}, ClusterCell{3, 0}},
		{"just before an east edge", orb.Point{math.Nextafter(3*c, 0), 0.5}, ClusterCell{2, 0}},
		{"on a negative edge", orb.Point{-2 * c, -3 * c}, ClusterCell{-2, -3}},
		{"Réunion", orb.Point{55.45, -20.88}, ClusterCell{39, -15}},
		{"Guadeloupe", orb.Point{-61.55, 16.25}, ClusterCell{-44, 11}},
		{"Lyon", orb.Point{4.84, 45.76}, ClusterCell{3, 32}},
		{"the antimeridian", orb.Point{180, 90}, ClusterCell{128, 64}},
		{"its other side", orb.Point{-180, -90}, ClusterCell{-128, -64}},
	}
	for _, tc := range cases {
		if got := CellOf(tc.p, c); got != tc.want {
			t.Errorf("%s %v: got %v, want %v", tc.name, tc.p, got, tc.want)
		}
	}
}

func TestClusterGridCells(t *testing.T) {
	t.Parallel()
	france := orb.Bound{Min: orb.Point{-5.5, 41}, Max: orb.Point{10, 51.5}}
	cases := []struct {
		name string
		b    orb.Bound
		zoom int
		want float64
	}{
		{"France at zoom 5", france, 5, 15.5 / 2.8125 * (10.5 / 2.8125)},
		{"the world at zoom 0", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, 0, 8},
		{"a point", orb.Bound{Min: orb.Point{4, 45}, Max: orb.Point{4, 45}}, 22, 0},
		{"a line", orb.Bound{Min: orb.Point{4, 45}, Max: orb.Point{5, 45}}, 22, 0},
	}
	for _, c := range cases {
		if got := ClusterGridCells(c.b, ClusterCellDegrees(c.zoom)); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: got %v cells, want %v", c.name, got, c.want)
		}
	}
}

func TestClusterGrid(t *testing.T) {
	t.Parallel()
	g := NewClusterGrid(1)
	if got := g.Clusters(); got == nil || len(got) != 0 {
		t.Errorf("empty grid: got %#v, want an empty list", got)
	}
	g.Add(orb.Point{4.5, 45.5}, KindEntreprise, 10)
	g.Add(orb.Point{-0.5, 45.5}, KindAssociation, 0)
	g.Add(orb.Point{4.75, 45.25}, KindEntreprise, 5)
	g.Add(orb.Point{4, 45}, KindEtat, 100) // the south-west corner: the same cell
	g.Add(orb.Point{4, 44.5}, KindAutre, 1)
	g.Add(orb.Point{5, 45}, KindAutre, 1) // the east edge: the next cell
	want := []ActorCluster{
		{Cell: ClusterCell{-1, 45}, Count: 1, ByKind: map[ActorKind]int{KindAssociation: 1}, Center: orb.Point{-0.5, 45.5}},
		{Cell: ClusterCell{4, 44}, Count: 1, ByKind: map[ActorKind]int{KindAutre: 1}, Employees: 1, Center: orb.Point{4, 44.5}},
		{Cell: ClusterCell{4, 45}, Count: 3, ByKind: map[ActorKind]int{KindEntreprise: 2, KindEtat: 1}, Employees: 115,
			Center: orb.Point{(4.5 + 4.75 + 4) / 3, (45.5 + 45.25 + 45) / 3}},
		{Cell: ClusterCell{5, 45}, Count: 1, ByKind: map[ActorKind]int{KindAutre: 1}, Employees: 1, Center: orb.Point{5, 45}},
	}
	if got := g.Clusters(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v,\nwant %+v", got, want)
	}
}
