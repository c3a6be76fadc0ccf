package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// TestWritesReachEveryProcess runs two servers, as two processes would, on
// one PostGIS database, each with its own store and its own analysis
// cache. Both answer and cache every analysis; then a third connection
// imports one actor and one partnership (as `maillage import` would).
// Each server must then give every answer a new ETag and the new rows,
// with nothing but the database between them: the data version decides.
// A request that carries the import's log position (Maillage-Read-After,
// as a writer's client does) must see it at once; one that does not, as
// soon as the database's notification has reached the process (the kept
// version: data/postgis/version_watch.go), which the test waits for.
func TestWritesReachEveryProcess(t *testing.T) {
	t.Parallel()
	url := pgtest.Database(t, "maillage_versions_")
	ctx := context.Background()
	if err := postgis.Migrate(ctx, url); err != nil {
		t.Fatal(err)
	}
	open := func() *postgis.Store {
		st, err := postgis.Open(ctx, postgis.Config{URL: url, MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		return st
	}
	writer := open()
	if err := writer.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	servers := []http.Handler{newHandler(t, open(), server.Config{}), newHandler(t, open(), server.Config{})}
	// Each answer below changes with an actor in Lyon (69123) and its
	// partnership with Genay Jeunesse (10, in the Rhône).
	targets := []string{
		"/api/stats",
		"/api/stats?level=departement&territory=69",
		"/api/gaps?level=commune",
		"/api/gaps?level=departement",
		"/api/territories/69/portrait?level=departement",
		"/api/territories/69/timeline?level=departement",
		"/api/flows?level=departement",
		"/api/actor-clusters?zoom=6&bbox=4,45,6,46.5",
		"/ogc/collections/gaps-commune/items",
		"/ogc/collections/partnerships/items",
		"/ogc/collections",
	}
	type answer struct{ etag, body string }
	before := make([]map[string]answer, len(servers))
	for i, h := range servers {
		before[i] = map[string]answer{}
		for _, target := range targets {
			for range 2 { // the second from the cache
				rec := get(t, h, target)
				if rec.Code != http.StatusOK {
					t.Fatalf("server %d %s: status %d: %s", i, target, rec.Code, rec.Body)
				}
				before[i][target] = answer{rec.Header().Get("ETag"), rec.Body.String()}
			}
		}
	}

	if _, err := writer.Import(ctx, data.ImportRequest{Kind: data.ImportActors, Name: "actors.csv", Body: strings.NewReader(
		"id,name,kind,siren,rna,commune,country,lon,lat,precision,employees,employer,insertion,sector,reach,domains\n" +
			"500,Nouvelle entreprise lyonnaise,entreprise,,,69123,FR,4.86,45.75,exact,120,,,services,local,education_jeunesse\n")}); err != nil {
		t.Fatal(err)
	}
	res, err := writer.Import(ctx, data.ImportRequest{Kind: data.ImportPartnerships, Name: "partnerships.csv", Body: strings.NewReader(
		"id,actor_a,actor_b,category,domain,start,end\n" +
			"900,500,10,mecenat,education_jeunesse,2014-03-01,\n")})
	if err != nil {
		t.Fatal(err)
	}
	if res.ReadAfter == 0 {
		t.Fatal("the import gave no log position to read after")
	}

	after := map[string]string{}
	for i, h := range servers {
		for _, target := range targets {
			rec := get(t, h, target, "If-None-Match", before[i][target].etag, "Maillage-Read-After", res.ReadAfter.String())
			if rec.Code != http.StatusOK {
				t.Errorf("server %d %s: status %d after the import, want 200 (the old ETag must no longer match)", i, target, rec.Code)
				continue
			}
			if rec.Header().Get("ETag") == before[i][target].etag {
				t.Errorf("server %d %s: ETag unchanged by the import", i, target)
			}
			if rec.Body.String() == before[i][target].body {
				t.Errorf("server %d %s: the same answer after the import: %.300s", i, target, rec.Body)
			}
			after[fmt.Sprint(i, target)] = rec.Header().Get("ETag")
		}
	}
	// Without the position, each answer moves to the imports' version once
	// their notifications are in.
	for i, h := range servers {
		for _, target := range targets {
			want := after[fmt.Sprint(i, target)]
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				etag := get(t, h, target).Header().Get("ETag")
				if etag == want {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("server %d %s: ETag %s without the log position, want %s as with it", i, target, etag, want)
				}
			}
		}
	}
	if !strings.Contains(get(t, servers[0], "/metrics").Body.String(), "maillage_version_notified 1\n") {
		t.Error("/metrics lacks maillage_version_notified 1")
	}
	if rec := get(t, servers[1], "/api/territories/69/portrait?level=departement"); !strings.Contains(rec.Body.String(), "Nouvelle entreprise lyonnaise") &&
		!strings.Contains(get(t, servers[1], "/ogc/collections/partnerships/items/900").Body.String(), `"actor_a":500`) {
		t.Errorf("server 1 does not serve the new partnership")
	}
}
