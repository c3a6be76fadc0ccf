package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/server"
)

// TestReplicas starts a primary and a streaming replica (pg_basebackup -R)
// on loopback. One process writes through the primary (an import); another
// serves reads with the replica as its read database. The reader sees the
// write once the replica has replayed it, from the replica's own
// connections; when the replica stops, the reads go to the primary at
// once and /readyz says the replica is down; when the primary stops
// instead, the replica still serves every read.
func TestReplicas(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts two PostgreSQL clusters")
	}
	ctx := context.Background()
	primary := pgtest.NewCluster(t)
	conn, err := pgx.Connect(ctx, primary.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE maillage"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if err := postgis.Migrate(ctx, primary.URL("maillage")); err != nil {
		t.Fatal(err)
	}
	writer, err := postgis.Open(ctx, postgis.Config{URL: primary.URL("maillage"), MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(writer.Close)
	if err := writer.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	replica := primary.Replica()

	reader, err := postgis.Open(ctx, postgis.Config{URL: primary.URL("maillage"), ReadURLs: []string{replica.URL("maillage")}, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reader.Close)
	h := newHandler(t, reader, server.Config{})
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("10 s and still not %s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	replicaUp := func() bool { b := reader.Backends(); return len(b) == 2 && b[1].Up }
	waitFor("the replica up", replicaUp)

	if _, err := writer.Import(ctx, data.ImportRequest{Kind: data.ImportActors, Name: "actors.csv", Body: strings.NewReader(
		"id,name,kind,siren,rna,commune,country,lon,lat,precision,employees,employer,insertion,sector,reach,domains\n" +
			"500,Nouvelle entreprise lyonnaise,entreprise,,,69123,FR,4.86,45.75,exact,120,,,services,local,education_jeunesse\n")}); err != nil {
		t.Fatal(err)
	}
	const written = "/ogc/collections/actors/items/500"
	waitFor("the write readable through the reader", func() bool { return get(t, h, written).Code == http.StatusOK })
	if n := clientSessions(t, replica.URL("maillage")); n == 0 {
		t.Error("the reader holds no session on the replica: its reads did not go there")
	}
	if rec := get(t, h, "/readyz"); !strings.Contains(rec.Body.String(), `"name":"replica 1","replica":true,"up":true`) {
		t.Errorf("/readyz with both up: %d %s", rec.Code, rec.Body)
	}

	replica.Stop()
	for _, target := range []string{written, "/api/stats?level=departement&territory=69", "/ogc/collections/actors/items?limit=5"} {
		if rec := get(t, h, target); rec.Code != http.StatusOK {
			t.Errorf("replica stopped: %s: %d %s", target, rec.Code, rec.Body)
		}
	}
	waitFor("the replica marked down", func() bool { return !replicaUp() })
	var ready struct {
		Databases []struct {
			Name string `json:"name"`
			Up   bool   `json:"up"`
		} `json:"databases"`
	}
	rec := get(t, h, "/readyz")
	if err := json.Unmarshal(rec.Body.Bytes(), &ready); err != nil || rec.Code != http.StatusOK ||
		len(ready.Databases) != 2 || !ready.Databases[0].Up || ready.Databases[1].Up {
		t.Errorf("/readyz with the replica down: %d %s", rec.Code, rec.Body)
	}
	if rec := get(t, h, "/metrics"); !strings.Contains(rec.Body.String(), `maillage_db_up{database="replica 1"} 0`) {
		t.Error("/metrics does not show the replica down")
	}

	replica.Start()
	waitFor("the replica back up", replicaUp)
	primary.Stop()
	for _, target := range []string{written, "/api/stats?level=departement&territory=69", "/ogc/collections/actors/items?limit=5", "/readyz"} {
		rec := get(t, h, target)
		for range 20 { // a request may still pick the primary before its check marks it down
			if rec.Code == http.StatusOK {
				break
			}
			time.Sleep(100 * time.Millisecond)
			rec = get(t, h, target)
		}
		if rec.Code != http.StatusOK {
			t.Errorf("primary stopped: %s: %d %s", target, rec.Code, rec.Body)
		}
	}
}

// clientSessions counts the client sessions open on the database at url
// (its own excepted).
func clientSessions(t *testing.T, url string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
