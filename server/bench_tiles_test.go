package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// BenchmarkTileVsSQL times one raw actors tile of zoom 12 end to end — HTTP
// request, Echo, the analysis layer's choice, PostGIS's ST_AsMVT — from a
// server without response cache (uncached) and from one with it
// (cached: an ETag lookup and a copy), against the very statement the
// store runs, executed directly with the server's session settings, in the
// same run, alternating the three. The tile is that of Villeurbanne's first actor (4 562 actors on national data, all at its point)
// at the first zoom from 12 whose tile is within the 8 192-feature budget
// (reported as "zoom").
// It runs on the database of MAILLAGE_BENCH_DATABASE_URL as loaded (e.g. by
// `maillage demo load --scale 100`), else on the demo in a fresh database
// of MAILLAGE_TEST_DATABASE_URL's cluster:
//
//	MAILLAGE_BENCH_DATABASE_URL=postgres://…/national go test -run '^$' -bench TileVsSQL -benchtime 200x ./server/
func BenchmarkTileVsSQL(b *testing.B) {
	ctx := context.Background()
	url := os.Getenv("MAILLAGE_BENCH_DATABASE_URL")
	var st data.Store
	if url != "" {
		s, err := postgis.Open(ctx, postgis.Config{URL: url, MaxConns: 4})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(s.Close)
		st = s
	} else {
		ds, err := demo.Load()
		if err != nil {
			b.Fatal(err)
		}
		pg := startGDALPostGIS(b, ds).wait(b)
		st, url = pg.store, pg.url
	}
	var first struct {
		Geometry struct{ Coordinates [2]float64 }
	}
	if err := st.Items(ctx, data.CollectionActors, data.ItemsQuery{Limit: 1,
		Equals: []data.PropertyFilter{{Name: "commune", Value: "69266"}}}, func(f []byte) error { return json.Unmarshal(f, &first) }); err != nil {
		b.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET max_parallel_workers_per_gather = 0; SET jit = off; SET random_page_cost = 1.1; SET plan_cache_mode = auto"); err != nil {
		b.Fatal(err)
	}
	// The first zoom from 12 whose tile holds at most the budget: 12 on
	// the demo and on national data.
	var tile maptile.Tile
	var sql string
	var args []any
	for z := maptile.Zoom(analysis.RawZoom); ; z++ {
		tile = maptile.At(orb.Point(first.Geometry.Coordinates), z)
		if sql, args, err = postgis.TileStatement(data.CollectionActors, tile, data.ItemsQuery{}, analysis.TileFeatureBudget); err != nil {
			b.Fatal(err)
		}
		var over bool
		if err := conn.QueryRow(ctx, sql, args...).Scan(&over, new([]byte)); err != nil {
			b.Fatal(err)
		}
		if !over || z == analysis.TileMaxZoom {
			break
		}
	}
	b.ReportMetric(float64(tile.Z), "zoom")
	rawTile := func() int {
		var over bool
		var mvt []byte
		if err := conn.QueryRow(ctx, sql, append([]any{pgx.QueryExecModeCacheDescribe}, args...)...).Scan(&over, &mvt); err != nil {
			b.Fatal(err)
		}
		if over {
			b.Fatalf("tile %v is over its budget: the server aggregates it", tile)
		}
		return len(mvt)
	}

	quiet := slog.New(slog.DiscardHandler)
	uncached := serveForTest(b, st, server.Config{ResponseCacheBytes: -1, Analysis: analysis.Config{CacheBytes: -1}}, quiet)
	cached := serveForTest(b, st, server.Config{}, quiet)
	path := fmt.Sprintf("/ogc/collections/actors/tiles/WebMercatorQuad/%d/%d/%d", tile.Z, tile.Y, tile.X)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 2}}
	fetch := func(base string) int {
		res, err := client.Get(base + path)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
		}
		return len(body)
	}
	if n, m := fetch(uncached), rawTile(); n != m {
		b.Fatalf("the server's tile has %d bytes, the statement's %d", n, m)
	}
	b.ReportMetric(float64(rawTile()), "tile-bytes")

	var tUncached, tCached, tRaw time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		fetch(uncached)
		t1 := time.Now()
		fetch(cached)
		t2 := time.Now()
		rawTile()
		tRaw += time.Since(t2)
		tCached += t2.Sub(t1)
		tUncached += t1.Sub(t0)
		n++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(n) }
	b.ReportMetric(ms(tUncached), "uncached-ms/tile")
	b.ReportMetric(ms(tCached), "cached-ms/tile")
	b.ReportMetric(ms(tRaw), "sql-ms/tile")
	b.ReportMetric(float64(tRaw)/float64(tUncached), "uncached-speed/sql")
	b.ReportMetric(float64(tUncached)/float64(tCached), "cached-speedup")
}
