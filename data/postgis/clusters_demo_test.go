package postgis

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// franceBBox is the viewer's mainland box, the one the cluster benchmarks
// ask for.
var franceBBox = orb.Bound{Min: orb.Point{-5.5, 41}, Max: orb.Point{10, 51.5}}

// demoClusterQueries are the views the demo clusters are compared on: the
// zoomed-out map of France at the zooms that cluster, every kind, the
// whole world, Paris and the overseas (west of Greenwich) closer.
func demoClusterQueries() []struct {
	name string
	zoom int
	q    data.ItemsQuery
} {
	type query = struct {
		name string
		zoom int
		q    data.ItemsQuery
	}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	paris := orb.Bound{Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}}
	antilles := orb.Bound{Min: orb.Point{-62, 14}, Max: orb.Point{-60, 17}}
	var out []query
	for zoom := 3; zoom <= 9; zoom++ {
		out = append(out, query{fmt.Sprintf("France at zoom %d", zoom), zoom, data.ItemsQuery{BBox: &franceBBox}})
	}
	for _, k := range geo.ActorKinds {
		out = append(out, query{"France, " + string(k), 6, data.ItemsQuery{BBox: &franceBBox,
			Equals: []data.PropertyFilter{{Name: "kind", Value: string(k)}}}})
	}
	return append(out,
		query{"the world at zoom 0", 0, data.ItemsQuery{BBox: &world}},
		query{"the world at zoom 6", 6, data.ItemsQuery{BBox: &world}},
		query{"Paris at zoom 12", 12, data.ItemsQuery{BBox: &paris}},
		query{"the Antilles at zoom 9", 9, data.ItemsQuery{BBox: &antilles}},
	)
}

// compareDemoClusters asks both stores holding the demo for the same
// clusters: the same cells with the same counts, kinds and employees, the
// centres within 1e-7°, and as many actors as CountItems finds in the box.
func compareDemoClusters(t *testing.T, mem, pg data.Store) {
	ctx := context.Background()
	for _, c := range demoClusterQueries() {
		want, err := mem.ActorClusters(ctx, c.zoom, c.q)
		if err != nil {
			t.Fatalf("memory ActorClusters(%s): %v", c.name, err)
		}
		got, err := pg.ActorClusters(ctx, c.zoom, c.q)
		if err != nil {
			t.Fatalf("PostGIS ActorClusters(%s): %v", c.name, err)
		}
		matched, err := pg.CountItems(ctx, data.CollectionActors, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if n := clusteredActors(got); n != matched {
			t.Errorf("%s: %d actors clustered, CountItems %d", c.name, n, matched)
		}
		if n := clusteredActors(want); n != matched {
			t.Errorf("%s: %d actors clustered by the embedded store, CountItems %d", c.name, n, matched)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d clusters, embedded %d", c.name, len(got), len(want))
			continue
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Cell != w.Cell || g.Count != w.Count || g.Employees != w.Employees || !maps.Equal(g.ByKind, w.ByKind) {
				t.Errorf("%s: cluster %d: PostGIS %+v, embedded %+v", c.name, i, g, w)
				break
			}
			if !nearPoint(g.Center, w.Center) {
				t.Errorf("%s: cluster %v: PostGIS centre %v, embedded %v", c.name, g.Cell, g.Center, w.Center)
			}
		}
		if strings.HasPrefix(c.name, "France at") {
			t.Logf("%s: %d actors in %d clusters", c.name, matched, len(got))
		}
	}
}

func clusteredActors(cs []geo.ActorCluster) int64 {
	var n int64
	for _, c := range cs {
		n += int64(c.Count)
	}
	return n
}

// checkClusterPlan wants a small box's clusters read through the actors'
// GiST index, not a scan of the table.
func checkClusterPlan(t *testing.T, s *Store) {
	ctx := context.Background()
	paris := orb.Bound{Min: orb.Point{2.25, 48.81}, Max: orb.Point{2.42, 48.90}}
	p, err := clustersPlan(12, data.ItemsQuery{BBox: &paris})
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	if err := s.pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+p.sql, p.args...).Scan(&out); err != nil {
		t.Fatal(err)
	}
	var plans []struct{ Plan json.RawMessage }
	if err := json.Unmarshal(out, &plans); err != nil || len(plans) != 1 {
		t.Fatalf("EXPLAIN: %v: %s", err, out)
	}
	if !strings.Contains(string(plans[0].Plan), `"actors_geom_idx"`) {
		t.Errorf("Paris clusters do not use actors_geom_idx:\n%s", plans[0].Plan)
	}
}

// BenchmarkActorClusters measures the viewer's zoomed-out actor layer over
// mainland France (franceBBox) at zooms 5 and 7, every kind: what GET
// /api/actor-clusters asks the store for.
func BenchmarkActorClusters(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	n, err := s.CountItems(ctx, data.CollectionActors, data.ItemsQuery{})
	if err != nil {
		b.Fatal(err)
	}
	for _, zoom := range []int{5, 7} {
		b.Run(fmt.Sprintf("zoom%d", zoom), func(b *testing.B) {
			b.ReportAllocs()
			var cells int
			for b.Loop() {
				cs, err := s.ActorClusters(ctx, zoom, data.ItemsQuery{BBox: &franceBBox})
				if err != nil {
					b.Fatal(err)
				}
				cells = len(cs)
			}
			b.ReportMetric(float64(n), "actors")
			b.ReportMetric(float64(cells), "clusters")
			b.ReportMetric(math.Round(float64(b.Elapsed().Microseconds())/float64(b.N))/1000, "ms/op")
		})
	}
}
