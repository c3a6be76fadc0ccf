package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
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
	readOwnWrite(t, h, writer, replica.URL("maillage"), postgis.Config{URL: primary.URL("maillage"), ReadURLs: []string{replica.URL("maillage")}, MaxConns: 2})

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

// readOwnWrite: with the replica's replay paused, a write through h (on
// the primary) answers with its log position, in a header and a cookie;
// another process reading with the replica (cfg) serves a read carrying
// either from the primary, which has the write, and a read carrying
// neither from the replica, which has not; a malformed header is a 400;
// once replay resumes, every read sees the write.
func readOwnWrite(t *testing.T, h http.Handler, st *postgis.Store, replicaURL string, cfg postgis.Config) {
	t.Helper()
	ctx := context.Background()
	other, err := postgis.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Close)
	h2 := newHandler(t, other, server.Config{})
	for start := time.Now(); !other.Backends()[1].Up; time.Sleep(50 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the other process never saw the replica up")
		}
	}
	scope, err := geo.ParseScope("")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := st.CreateToken(ctx, "replica-test", data.RoleAdmin, scope)
	if err != nil {
		t.Fatal(err)
	}
	rconn, err := pgx.Connect(ctx, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer rconn.Close(ctx)
	if _, err := rconn.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	resumed := false
	defer func() {
		if !resumed {
			_, _ = rconn.Exec(ctx, "SELECT pg_wal_replay_resume()")
		}
	}()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		var state string
		if err := rconn.QueryRow(ctx, "SELECT pg_get_wal_replay_pause_state()").Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state == "paused" {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("replay still %q after 10 s", state)
		}
	}

	req := httptest.NewRequest(http.MethodPost, "/ogc/collections/actors/items", strings.NewReader(
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[4.84,45.76]},"properties":{"name":"Écrit puis relu","kind":"association","commune":"69123"}}`))
	req.Header.Set("Content-Type", "application/geo+json")
	req.Header.Set("Authorization", "Bearer "+secret)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST an actor: %d %s", rec.Code, rec.Body)
	}
	pos := rec.Header().Get("Maillage-Read-After")
	if _, err := data.ParseLogPosition(pos); err != nil {
		t.Fatalf("the write's Maillage-Read-After %q: %v", pos, err)
	}
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "maillage_read_after" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != pos || !cookie.HttpOnly || cookie.MaxAge <= 0 {
		t.Fatalf("the write's cookie: %+v, want maillage_read_after=%s, HttpOnly, with a lifetime", cookie, pos)
	}
	loc := rec.Header().Get("Location")
	item := loc[strings.Index(loc, "/ogc/"):]

	if rec := get(t, h2, item, "Maillage-Read-After", pos); rec.Code != http.StatusOK {
		t.Errorf("GET %s with the write's position: %d, want 200 (from the primary)", item, rec.Code)
	}
	req = httptest.NewRequest(http.MethodGet, item, nil)
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	rec = httptest.NewRecorder()
	h2.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("GET %s with the write's cookie: %d, want 200 (from the primary)", item, rec.Code)
	}
	if rec := get(t, h2, item); rec.Code != http.StatusNotFound {
		t.Errorf("GET %s without the position, replay paused: %d, want 404 (from the replica): the test shows nothing", item, rec.Code)
	}
	if rec := get(t, h2, item, "Maillage-Read-After", "16-B374D848"); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "Maillage-Read-After") {
		t.Errorf("a malformed Maillage-Read-After: %d %s, want 400 naming it", rec.Code, rec.Body)
	}

	if _, err := rconn.Exec(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	resumed = true
	for start := time.Now(); get(t, h2, item).Code != http.StatusOK; time.Sleep(50 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("10 s after replay resumed, %s is still not readable without the position", item)
		}
	}
}
