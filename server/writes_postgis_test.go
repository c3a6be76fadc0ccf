package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/postgis"
	"github.com/maillage/maillage/data/postgis/pgtest"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
)

// The HTTP writes (OGC API – Features Part 4) through a live server on
// PostGIS holding the contract fixture: actors 1 and 3 in Lyon (région 84),
// 2 in Villeurbanne (84), 5 in Avignon (93), 6 in Paris (11), 7 at La
// Réunion (04); partnership 108 links 7 and 6, 101 links 1 and 2.

// writeEnv is a server over a fresh PostGIS database and its tokens.
type writeEnv struct {
	t     *testing.T
	base  string
	store *postgis.Store
	dbURL string
	logs  *bytes.Buffer
	logMu *sync.Mutex
	// secrets by token name: admin, ara (région 84), lyon (commune 69123),
	// revoked.
	secrets map[string]string
}

func newWriteEnv(t *testing.T) *writeEnv {
	t.Helper()
	dbURL := pgtest.Database(t, "maillage_writes_")
	ctx := context.Background()
	if err := postgis.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	st, err := postgis.Open(ctx, postgis.Config{URL: dbURL, MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	if err := st.LoadDataset(ctx, storetest.Fixture(), nil); err != nil {
		t.Fatal(err)
	}
	e := &writeEnv{t: t, store: st, dbURL: dbURL, logs: &bytes.Buffer{}, logMu: &sync.Mutex{}, secrets: map[string]string{}}
	for _, tk := range []struct {
		name  string
		role  data.Role
		scope string
	}{{"admin", data.RoleAdmin, ""}, {"ara", data.RoleEditor, "region:84"}, {"lyon", data.RoleEditor, "commune:69123"}, {"revoked", data.RoleEditor, "region:84"}} {
		sc, err := geo.ParseScope(tk.scope)
		if err != nil {
			t.Fatal(err)
		}
		tok, secret, err := st.CreateToken(ctx, tk.name, tk.role, sc)
		if err != nil {
			t.Fatalf("CreateToken %s: %v", tk.name, err)
		}
		e.secrets[tk.name] = secret
		if tk.name == "revoked" {
			if err := st.RevokeToken(ctx, tok.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	logger := slog.New(slog.NewTextHandler(lockedWriter{e.logMu, e.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.base = serveForTest(t, st, server.Config{}, logger)
	t.Cleanup(func() {
		e.logMu.Lock()
		defer e.logMu.Unlock()
		for name, secret := range e.secrets {
			if strings.Contains(e.logs.String(), secret) || strings.Contains(e.logs.String(), secret[4:]) {
				t.Errorf("the server's log holds the secret of token %s", name)
			}
		}
	})
	return e
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// writeAnswer is a response, its body read.
type writeAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (a writeAnswer) problem(t *testing.T) (p struct {
	Type, Detail, Parameter string
	Status                  int
	Errors                  []data.FieldProblem
}) {
	t.Helper()
	if ct := a.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("status %d with Content-Type %q, want a problem: %s", a.status, ct, a.body)
	}
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (a writeAnswer) fields() []string {
	var p struct{ Errors []data.FieldProblem }
	_ = json.Unmarshal(a.body, &p)
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// do sends one request; token is a name of secrets ("" for none) or a raw
// Authorization value when it contains a space.
func (e *writeEnv) do(method, path, token, contentType, body string, header ...string) writeAnswer {
	e.t.Helper()
	req, err := http.NewRequest(method, e.base+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	switch {
	case strings.Contains(token, " "):
		req.Header.Set("Authorization", token)
	case token != "":
		secret, ok := e.secrets[token]
		if !ok {
			secret = token
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return writeAnswer{status: res.StatusCode, header: res.Header, body: b}
}

// state is what a refused write must leave unchanged: the data version
// and the number of history rows.
func (e *writeEnv) state() [2]int64 {
	e.t.Helper()
	v, err := e.store.Version(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	h, err := e.store.History(context.Background(), data.HistoryQuery{Limit: data.MaxLimit})
	if err != nil {
		e.t.Fatal(err)
	}
	return [2]int64{int64(v.N), int64(len(h))}
}

const (
	mediaFeature = "application/geo+json"
	mediaPatch   = "application/merge-patch+json"
)

// TestWritesRefused: every bad write is a precise 4xx problem naming what
// is wrong, and writes nothing (neither rows, nor the version, nor history).
func TestWritesRefused(t *testing.T) {
	e := newWriteEnv(t)
	big := `{"type":"Feature","geometry":null,"properties":{"name":"` + strings.Repeat("x", 2<<20) + `","kind":"entreprise","commune":"69123"}}`
	actor := func(props string) string {
		return `{"type":"Feature","geometry":null,"properties":{` + props + `}}`
	}
	cases := []struct {
		name, method, path, token, ctype, body string
		status                                 int
		typ                                    string
		fields                                 []string
		header                                 []string
	}{
		{"no token", "PATCH", "/ogc/collections/actors/items/1", "", mediaPatch, `{"properties":{"employees":3}}`, 401, "unauthenticated", nil, nil},
		{"unknown token", "PATCH", "/ogc/collections/actors/items/1", "mlg_nope", mediaPatch, `{"properties":{"employees":3}}`, 401, "unauthenticated", nil, nil},
		{"revoked token", "PATCH", "/ogc/collections/actors/items/1", "revoked", mediaPatch, `{"properties":{"employees":3}}`, 401, "unauthenticated", nil, nil},
		{"basic scheme", "DELETE", "/ogc/collections/partnerships/items/101", "Basic YWRtaW46eA==", "", "", 401, "unauthenticated", nil, nil},
		{"actor outside the scope", "PATCH", "/ogc/collections/actors/items/5", "ara", mediaPatch, `{"properties":{"employees":3}}`, 403, "forbidden", nil, nil},
		{"actor leaving the scope", "PATCH", "/ogc/collections/actors/items/1", "ara", mediaPatch, `{"properties":{"commune":"84007"}}`, 403, "forbidden", nil, nil},
		{"partnership with no end in scope", "POST", "/ogc/collections/partnerships/items", "ara", mediaFeature,
			`{"type":"Feature","geometry":null,"properties":{"actor_a":5,"actor_b":6,"category":"mecenat","domain":"sport","start":"2024-01-01"}}`, 403, "forbidden", nil, nil},
		{"delete outside the scope", "DELETE", "/ogc/collections/partnerships/items/108", "lyon", "", "", 403, "forbidden", nil, nil},
		{"derived and unknown properties", "PATCH", "/ogc/collections/actors/items/1", "admin", mediaPatch, `{"properties":{"size_class":"0","colour":"red"}}`, 400, "invalid-feature", []string{"colour", "size_class"}, nil},
		{"partnership scale", "PUT", "/ogc/collections/partnerships/items/101", "admin", mediaFeature,
			`{"type":"Feature","geometry":null,"properties":{"actor_a":1,"actor_b":2,"category":"mecenat","domain":"sport","start":"2024-01-01","scale":"local"}}`, 400, "invalid-feature", []string{"scale"}, nil},
		{"partnership geometry", "PUT", "/ogc/collections/partnerships/items/101", "admin", mediaFeature,
			`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[4,45],[5,46]]},"properties":{"actor_a":1,"actor_b":2,"category":"mecenat","domain":"sport","start":"2024-01-01"}}`, 400, "invalid-feature", []string{"geometry"}, nil},
		{"actor as a line", "POST", "/ogc/collections/actors/items", "admin", mediaFeature,
			`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[4,45],[5,46]]},"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`, 400, "invalid-feature", []string{"geometry"}, nil},
		{"coordinates out of range", "POST", "/ogc/collections/actors/items", "admin", mediaFeature,
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[200,45]},"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`, 422, "invalid-feature", []string{"geometry"}, nil},
		{"SIREN checksum", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, actor(`"name":"X","kind":"entreprise","siren":"123456789","commune":"69123"`), 422, "invalid-feature", []string{"siren"}, nil},
		{"unknown commune", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, actor(`"name":"X","kind":"entreprise","commune":"69999"`), 422, "invalid-feature", []string{"commune"}, nil},
		{"unknown actor and end before start", "POST", "/ogc/collections/partnerships/items", "admin", mediaFeature,
			`{"type":"Feature","geometry":null,"properties":{"actor_a":1,"actor_b":999,"category":"mecenat","domain":"sport","start":"2024-05-01","end":"2023-01-01"}}`, 422, "invalid-feature", []string{"actor_b", "end"}, nil},
		{"unknown stage", "PATCH", "/ogc/collections/partnerships/items/101", "admin", mediaPatch, `{"properties":{"stage":"bilan"}}`,
			422, "invalid-feature", []string{"stage"}, nil},
		{"existing id", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, `{"type":"Feature","id":1,"geometry":null,"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`, 409, "conflict", nil, nil},
		{"id over the largest", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, `{"type":"Feature","id":9223372036854775807,"geometry":null,"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`, 400, "invalid-feature", []string{"id"}, nil},
		{"body id not the feature's", "PUT", "/ogc/collections/actors/items/1", "admin", mediaFeature, `{"type":"Feature","id":2,"geometry":null,"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`, 400, "invalid-feature", []string{"id"}, nil},
		{"not JSON", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, `{"type":`, 400, "invalid-feature", []string{"type"}, nil},
		{"NUL character", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, actor(`"name":"X\u0000Y","kind":"entreprise","commune":"69123"`), 400, "invalid-feature", []string{"name"}, nil},
		{"not a Feature", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, `{"type":"FeatureCollection","features":[]}`, 400, "invalid-feature", []string{"type"}, nil},
		{"patch not an object", "PATCH", "/ogc/collections/actors/items/1", "admin", mediaPatch, `[1]`, 400, "invalid-feature", []string{"body"}, nil},
		{"wrong media type", "POST", "/ogc/collections/actors/items", "admin", "text/csv", "id,name", 415, "invalid-feature", nil, nil},
		{"body too large", "POST", "/ogc/collections/actors/items", "admin", mediaFeature, big, 413, "", nil, nil},
		{"actor still in partnerships", "DELETE", "/ogc/collections/actors/items/1", "admin", "", "", 409, "conflict", nil, nil},
		{"unknown feature", "PATCH", "/ogc/collections/actors/items/424242", "admin", mediaPatch, `{"properties":{"employees":3}}`, 404, "not-found", nil, nil},
		{"stale If-Match", "PATCH", "/ogc/collections/actors/items/1", "admin", mediaPatch, `{"properties":{"employees":3}}`, 412, "precondition-failed", nil, []string{"If-Match", `"0000"`}},
		{"weak If-Match", "DELETE", "/ogc/collections/partnerships/items/101", "admin", "", "", 412, "precondition-failed", nil, []string{"If-Match", `W/"0000"`}},
		{"read-only collection", "POST", "/ogc/collections/communes/items", "admin", mediaFeature, `{"type":"Feature"}`, 405, "read-only", nil, nil},
		{"alliance outside the scope", "DELETE", "/ogc/collections/alliances/items/202", "lyon", "", "", 403, "forbidden", nil, nil},
		{"alliance point", "PATCH", "/ogc/collections/alliances/items/201", "admin", mediaPatch, `{"geometry":{"type":"Point","coordinates":[4,45]}}`, 400, "invalid-feature", []string{"geometry"}, nil},
		{"derived member keys", "PATCH", "/ogc/collections/alliances/items/201", "admin", mediaPatch, `{"properties":{"members":3,"member_list":[{"actor":1,"role":"financeur","name":"X"},{"role":"operateur"}]}}`,
			400, "invalid-feature", []string{"members", "member_list[0].name", "member_list[1].actor"}, nil},
		{"unknown member and role", "PATCH", "/ogc/collections/alliances/items/201", "admin", mediaPatch, `{"properties":{"member_list":[{"actor":999,"role":"financeur"},{"actor":1,"role":"mécène"}]}}`,
			422, "invalid-feature", []string{"member_list[0].actor", "member_list[1].role"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := e.state()
			a := e.do(tc.method, tc.path, tc.token, tc.ctype, tc.body, tc.header...)
			if a.status != tc.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tc.method, tc.path, a.status, tc.status, a.body)
			}
			p := a.problem(t)
			if tc.typ != "" && p.Type != "urn:maillage:problem:"+tc.typ {
				t.Errorf("type %q, want %s", p.Type, tc.typ)
			}
			if got := strings.Join(a.fields(), ","); got != strings.Join(tc.fields, ",") {
				t.Errorf("fields named %q, want %q (%s)", got, strings.Join(tc.fields, ","), a.body)
			}
			if tc.status == 401 && !strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate: Bearer")
			}
			if after := e.state(); after != before {
				t.Errorf("a refused write changed the version or the history: %v → %v", before, after)
			}
		})
	}
	m := e.do("GET", "/metrics", "", "", "")
	for _, reason := range []string{"unauthenticated", "forbidden", "invalid", "conflict", "precondition", "read_only", "too_large"} {
		if !bytes.Contains(m.body, []byte(`maillage_write_refusals_total{reason="`+reason+`"}`)) {
			t.Errorf("/metrics counts no refusal for %s", reason)
		}
	}
}

// TestWritesAccepted: create, replace, update and delete, each visible to
// the next read, derived fields recomputed, the ETag moving with the
// feature only, and the history recording each change with its author.
func TestWritesAccepted(t *testing.T) {
	e := newWriteEnv(t)
	get := func(path string) (map[string]any, string) {
		t.Helper()
		a := e.do("GET", path, "", "", "")
		if a.status != 200 {
			t.Fatalf("GET %s: %d %s", path, a.status, a.body)
		}
		var f map[string]any
		if err := json.Unmarshal(a.body, &f); err != nil {
			t.Fatal(err)
		}
		return f, a.header.Get("ETag")
	}
	props := func(f map[string]any) map[string]any { return f["properties"].(map[string]any) }

	// Create an actor in Lyon as the Lyon editor: 201, Location, derived
	// fields, and the observatory counts one more actor in Lyon.
	// The associations of Lyon, as the RAMEAU figure counts them.
	associationsOf := func(commune string) float64 {
		a := e.do("GET", "/api/stats?level=commune&territory="+commune, "", "", "")
		var s struct {
			Figures []struct {
				ID          string
				Denominator float64
			}
		}
		if err := json.Unmarshal(a.body, &s); err != nil {
			t.Fatalf("/api/stats: %v: %s", err, a.body)
		}
		for _, f := range s.Figures {
			if f.ID == "assoc_partnering" {
				return f.Denominator
			}
		}
		t.Fatalf("/api/stats has no assoc_partnering: %s", a.body)
		return 0
	}
	countLyon := func() float64 { return associationsOf("69123") }
	lyonBefore := countLyon()
	a := e.do("POST", "/ogc/collections/actors/items", "lyon", mediaFeature,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[4.84,45.76]},"properties":{"name":"Atelier des Pentes","kind":"association","commune":"69123","employees":42,"siren":"552032534"}}`)
	if a.status != 201 {
		t.Fatalf("POST actor: %d %s", a.status, a.body)
	}
	loc := a.header.Get("Location")
	id := loc[strings.LastIndex(loc, "/")+1:]
	if id != "12" { // the fixture's largest actor id is 11
		t.Errorf("new actor id %s, want 12 (Location %s)", id, loc)
	}
	f, tag := get("/ogc/collections/actors/items/" + id)
	if p := props(f); p["size_class"] != "10-249" || p["departement"] != "69" || p["region"] != "84" {
		t.Errorf("derived fields of the new actor: %v", p)
	}
	if hash, _, _ := strings.Cut(tag, "-"); strings.TrimSuffix(hash, `"`) != strings.TrimSuffix(a.header.Get("ETag"), `"`) {
		t.Errorf("the POST's ETag %s is not the item's %s (less its variant)", a.header.Get("ETag"), tag)
	}
	if got := countLyon(); got != lyonBefore+1 {
		t.Errorf("/api/stats counts %v associations in Lyon after the creation, want %v", got, lyonBefore+1)
	}

	// Insertion Villeurbanne (2) dissolved: still served, active false and
	// filterable, no longer one of Villeurbanne's associations; and back.
	villeurbanne := associationsOf("69266")
	for _, c := range []struct {
		active string
		want   float64
	}{{"false", villeurbanne - 1}, {"true", villeurbanne}} {
		if a := e.do("PATCH", "/ogc/collections/actors/items/2", "ara", mediaPatch, `{"properties":{"active":`+c.active+`}}`); a.status != 200 {
			t.Fatalf("PATCH actor 2 active %s: %d %s", c.active, a.status, a.body)
		}
		if f, _ := get("/ogc/collections/actors/items/2"); fmt.Sprint(props(f)["active"]) != c.active {
			t.Errorf("actor 2 after PATCH active %s: active %v", c.active, props(f)["active"])
		}
		if got := associationsOf("69266"); got != c.want {
			t.Errorf("/api/stats counts %v associations in Villeurbanne with actor 2 active %s, want %v", got, c.active, c.want)
		}
	}

	// A write elsewhere leaves this item's ETag alone.
	if a := e.do("PATCH", "/ogc/collections/actors/items/2", "ara", mediaPatch, `{"properties":{"employees":5}}`); a.status != 200 {
		t.Fatalf("PATCH actor 2: %d %s", a.status, a.body)
	}
	if _, again := get("/ogc/collections/actors/items/" + id); again != tag {
		t.Errorf("an item's ETag moved with another item's write: %s → %s", tag, again)
	}

	// PATCH with If-Match: merged, size class recomputed, new ETag; the old
	// ETag is then stale.
	a = e.do("PATCH", "/ogc/collections/actors/items/"+id, "ara", mediaPatch, `{"properties":{"employees":3,"siren":null}}`, "If-Match", tag)
	if a.status != 200 {
		t.Fatalf("PATCH with If-Match: %d %s", a.status, a.body)
	}
	f, tag2 := get("/ogc/collections/actors/items/" + id)
	if p := props(f); p["employees"] != 3.0 || p["size_class"] != "1-9" || p["siren"] != nil || p["name"] != "Atelier des Pentes" {
		t.Errorf("after the merge patch: %v", p)
	}
	if tag2 == tag {
		t.Error("the ETag did not change with the feature")
	}
	if a := e.do("PATCH", "/ogc/collections/actors/items/"+id, "ara", mediaPatch, `{"properties":{"employees":4}}`, "If-Match", tag); a.status != 412 {
		t.Errorf("PATCH with the old ETag: %d, want 412", a.status)
	}

	// PUT replaces: what the body leaves out is gone.
	a = e.do("PUT", "/ogc/collections/actors/items/"+id, "admin", mediaFeature,
		`{"type":"Feature","id":`+id+`,"geometry":null,"properties":{"name":"Atelier des Pentes","kind":"association","commune":"69266"}}`)
	if a.status != 200 {
		t.Fatalf("PUT: %d %s", a.status, a.body)
	}
	f, _ = get("/ogc/collections/actors/items/" + id)
	if p := props(f); p["kind"] != "association" || p["commune"] != "69266" || p["employees"] != 0.0 || p["precision"] != "commune" {
		t.Errorf("after PUT: %v", p)
	}

	// A partnership of the new actor: scale and line derived; moving the
	// actor re-derives them.
	a = e.do("POST", "/ogc/collections/partnerships/items", "ara", mediaFeature,
		`{"type":"Feature","geometry":null,"properties":{"actor_a":`+id+`,"actor_b":5,"category":"mecenat","domain":"sport","start":"2024-01-01","stage":"creation"}}`)
	if a.status != 201 {
		t.Fatalf("POST partnership: %d %s", a.status, a.body)
	}
	ploc := a.header.Get("Location")
	pid := ploc[strings.LastIndex(ploc, "/")+1:]
	pf, _ := get("/ogc/collections/partnerships/items/" + pid)
	if p := props(pf); p["scale"] != "national" || p["kind_a"] != "association" || p["stage"] != "creation" {
		t.Errorf("new partnership: %v", p)
	}
	// Its stage moves on; a merge-patch null forgets it.
	for _, c := range []struct {
		patch string
		want  any
	}{{`{"properties":{"stage":"pilotage"}}`, "pilotage"}, {`{"properties":{"stage":null}}`, nil}} {
		if a := e.do("PATCH", "/ogc/collections/partnerships/items/"+pid, "ara", mediaPatch, c.patch); a.status != 200 {
			t.Fatalf("PATCH %s: %d %s", c.patch, a.status, a.body)
		}
		if pf, _ := get("/ogc/collections/partnerships/items/" + pid); props(pf)["stage"] != c.want {
			t.Errorf("after %s the stage is %v, want %v", c.patch, props(pf)["stage"], c.want)
		}
	}
	if a := e.do("PATCH", "/ogc/collections/actors/items/"+id, "admin", mediaPatch, `{"properties":{"commune":"84007"}}`); a.status != 200 {
		t.Fatalf("move the actor: %d %s", a.status, a.body)
	}
	if pf, _ := get("/ogc/collections/partnerships/items/" + pid); props(pf)["scale"] != "local" {
		t.Errorf("after both ends are in Avignon, the scale is %v, want local", props(pf)["scale"])
	}

	// DELETE: the partnership, then the actor; both gone, histories kept.
	for _, path := range []string{"/ogc/collections/partnerships/items/" + pid, "/ogc/collections/actors/items/" + id} {
		if a := e.do("DELETE", path, "admin", "", ""); a.status != 204 {
			t.Fatalf("DELETE %s: %d %s", path, a.status, a.body)
		}
		if a := e.do("GET", path, "", "", ""); a.status != 404 {
			t.Errorf("GET %s after DELETE: %d", path, a.status)
		}
	}
	var h struct {
		Entries []data.HistoryEntry
	}
	if err := json.Unmarshal(e.do("GET", "/ogc/collections/actors/items/"+id+"/history", "", "", "").body, &h); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, en := range h.Entries {
		ops = append(ops, en.Operation+":"+en.Author)
	}
	// The fixture's load came first (row path: no author set but the
	// load's); then lyon's POST, ara's PATCH, admin's PUT, admin's move, the
	// deletion.
	want := "insert:lyon,update:ara,update:admin,update:admin,delete:admin"
	if got := strings.Join(ops, ","); got != want {
		t.Errorf("history of actor %s: %s, want %s", id, got, want)
	}
	if n := len(h.Entries); n > 0 && (h.Entries[n-1].After != nil && string(h.Entries[n-1].After) != "null") {
		t.Errorf("the deletion's after is %s, want null", h.Entries[n-1].After)
	}
	// /api/history of Avignon's département holds the partnership's
	// creation (one end there), its stage set and forgotten, its move and
	// deletion.
	var dep struct{ Entries []data.HistoryEntry }
	_ = json.Unmarshal(e.do("GET", "/api/history?collection=partnerships&level=departement&territory=84", "", "", "").body, &dep)
	var pops []string
	for _, en := range dep.Entries {
		if en.FeatureID == pid {
			pops = append(pops, en.Operation)
		}
	}
	if got := strings.Join(pops, ","); got != "insert,update,update,update,delete" {
		t.Errorf("history of partnership %s in département 84: %s, want insert,update,update,update,delete", pid, got)
	}

	// An alliance in Lyon by the Lyon editor, with two members; then one.
	a = e.do("POST", "/ogc/collections/alliances/items", "lyon", mediaFeature,
		`{"type":"Feature","geometry":null,"properties":{"name":"Pacte des Pentes","territory_level":"commune","territory":"69123","stake":"culture","start_year":2025,
		  "member_list":[{"actor":1,"role":"financeur"},{"actor":2,"role":"operateur"}]}}`)
	if a.status != 201 {
		t.Fatalf("POST alliance: %d %s", a.status, a.body)
	}
	aloc := a.header.Get("Location")
	aid := aloc[strings.LastIndex(aloc, "/")+1:]
	af, atag := get("/ogc/collections/alliances/items/" + aid)
	// Actors 1 (a company) and 2 (an association): two members of two worlds.
	var served []map[string]any // member_list is served as the JSON text of the list
	if text, ok := props(af)["member_list"].(string); !ok || json.Unmarshal([]byte(text), &served) != nil {
		t.Fatalf("member_list %v is not the JSON text of a list", props(af)["member_list"])
	}
	if p := props(af); p["members"] != 2.0 || p["worlds"] != 2.0 || len(served) != 2 || served[0]["name"] != "Industries Lumière" || af["geometry"] == nil {
		t.Errorf("new alliance: %v, geometry %v", p, af["geometry"])
	}
	a = e.do("PATCH", "/ogc/collections/alliances/items/"+aid, "lyon", mediaPatch, `{"properties":{"member_list":[{"actor":3,"role":"facilitateur"}]}}`, "If-Match", atag)
	if a.status != 200 {
		t.Fatalf("PATCH alliance members: %d %s", a.status, a.body)
	}
	af, _ = get("/ogc/collections/alliances/items/" + aid)
	if p := props(af); p["members"] != 1.0 || p["name"] != "Pacte des Pentes" {
		t.Errorf("after the members' patch: %v", p)
	}
	// A PUT of the writable part as read back (member_list as its text,
	// with the derived name, kind and world left out).
	a = e.do("PUT", "/ogc/collections/alliances/items/"+aid, "lyon", mediaFeature,
		`{"type":"Feature","geometry":null,"properties":{"name":"Pacte des Pentes","territory_level":"commune","territory":"69123","stake":"sport",
		  "member_list":"[{\"actor\":3,\"role\":\"financeur\"},{\"actor\":1,\"role\":\"operateur\"}]"}}`)
	if a.status != 200 {
		t.Fatalf("PUT alliance with member_list as text: %d %s", a.status, a.body)
	}
	if af, _ = get("/ogc/collections/alliances/items/" + aid); props(af)["members"] != 2.0 || props(af)["stake"] != "sport" {
		t.Errorf("after the PUT: %v", props(af))
	}
	if a := e.do("DELETE", "/ogc/collections/alliances/items/"+aid, "ara", "", ""); a.status != 204 {
		t.Fatalf("DELETE alliance: %d %s", a.status, a.body)
	}
	var ah struct{ Entries []data.HistoryEntry }
	_ = json.Unmarshal(e.do("GET", "/ogc/collections/alliances/items/"+aid+"/history", "", "", "").body, &ah)
	var aops []string
	for _, en := range ah.Entries {
		aops = append(aops, en.Collection+":"+en.Operation)
	}
	// Created with two members; both replaced by one (3); replaced (its
	// stake; 3 a financeur now, 1 back); deleted, its members with it (ON
	// DELETE CASCADE, recorded after the alliance).
	want = "alliances:insert,alliance_members:insert,alliance_members:insert," +
		"alliance_members:delete,alliance_members:delete,alliance_members:insert," +
		"alliances:update,alliance_members:update,alliance_members:insert," +
		"alliances:delete,alliance_members:delete,alliance_members:delete"
	if got := strings.Join(aops, ","); got != want {
		t.Errorf("history of alliance %s: %s", aid, got)
	}
}

// TestWritesConcurrentIfMatch: two editors PATCH the same feature with the
// same ETag at once; exactly one wins, the other gets 412, every round.
func TestWritesConcurrentIfMatch(t *testing.T) {
	e := newWriteEnv(t)
	for round := range 6 {
		tag := e.do("GET", "/ogc/collections/actors/items/3", "", "", "").header.Get("ETag")
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, who := range []string{"ara", "lyon"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := fmt.Sprintf(`{"properties":{"employees":%d}}`, 100*round+i+1)
				statuses[i] = e.do("PATCH", "/ogc/collections/actors/items/3", who, mediaPatch, body, "If-Match", tag).status
			}()
		}
		wg.Wait()
		if !(statuses[0] == 200 && statuses[1] == 412 || statuses[0] == 412 && statuses[1] == 200) {
			t.Errorf("round %d: statuses %v, want one 200 and one 412", round, statuses)
		}
	}
}

// TestWritesHistoryInvariant: after a random sequence of writes (some
// refused) and an import, replaying each feature's history gives the row
// as it stands, and every row of every history entry has its change: the
// last entry of each feature is its current row (or a deletion of a
// feature that is gone), and each accepted write added entries while each
// refused one added none.
func TestWritesHistoryInvariant(t *testing.T) {
	e := newWriteEnv(t)
	r := rand.New(rand.NewPCG(11, 2026))
	communes := []string{"69123", "69266", "84007", "75056", "38185", "01249"}
	who := []string{"admin", "ara", "lyon"}
	accepted, refused := 0, 0
	for i := range 60 {
		actor := 1 + r.IntN(11)
		itemBefore := e.do("GET", fmt.Sprintf("/ogc/collections/actors/items/%d", actor), "", "", "").header.Get("ETag")
		before := e.state()
		var a writeAnswer
		patched := false
		switch r.IntN(5) {
		case 0:
			a = e.do("POST", "/ogc/collections/actors/items", who[r.IntN(3)], mediaFeature,
				fmt.Sprintf(`{"type":"Feature","geometry":null,"properties":{"name":"Acteur %d","kind":"association","commune":%q}}`, i, communes[r.IntN(len(communes))]))
		case 1:
			patched = true
			a = e.do("PATCH", fmt.Sprintf("/ogc/collections/actors/items/%d", actor), who[r.IntN(3)], mediaPatch,
				fmt.Sprintf(`{"properties":{"employees":%d}}`, r.IntN(500)))
		case 2:
			patched = true
			a = e.do("PATCH", fmt.Sprintf("/ogc/collections/actors/items/%d", actor), who[r.IntN(3)], mediaPatch,
				fmt.Sprintf(`{"properties":{"commune":%q}}`, communes[r.IntN(len(communes))]))
		case 3:
			a = e.do("POST", "/ogc/collections/partnerships/items", who[r.IntN(3)], mediaFeature,
				fmt.Sprintf(`{"type":"Feature","geometry":null,"properties":{"actor_a":%d,"actor_b":%d,"category":"mecenat","domain":"culture","start":"2025-0%d-01"}}`, actor, 1+r.IntN(11), 1+r.IntN(9)))
		case 4:
			a = e.do("DELETE", fmt.Sprintf("/ogc/collections/partnerships/items/%d", 101+r.IntN(14)), who[r.IntN(3)], "", "")
		}
		after := e.state()
		switch {
		case a.status < 300:
			accepted++
			// A patch to the values a feature already has changes no row:
			// no history entry is due.
			unchanged := patched && e.do("GET", fmt.Sprintf("/ogc/collections/actors/items/%d", actor), "", "", "").header.Get("ETag") == itemBefore
			if after[0] <= before[0] || (after[1] <= before[1]) != unchanged {
				t.Errorf("write %d (%d, feature unchanged: %v) left version/history at %v → %v", i, a.status, unchanged, before, after)
			}
		default:
			refused++
			if after != before {
				t.Errorf("refused write %d (%d %s) changed version/history %v → %v", i, a.status, a.body, before, after)
			}
		}
	}
	// An import through the row path, recorded under its name.
	body := "id,name,kind,siren,rna,commune,country,lon,lat,precision,employees,employer,insertion,sector,reach,domains\n" +
		"500,Importée,association,,,69123,FR,,,,3,,,,,\n"
	if _, err := e.store.Import(context.Background(), data.ImportRequest{Kind: data.ImportActors, Name: "actors.csv", Body: strings.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d writes accepted, %d refused", accepted, refused)
	if accepted < 15 || refused < 5 {
		t.Fatalf("%d accepted and %d refused writes: the sequence proves little", accepted, refused)
	}
	checkHistoryReplays(t, e)
}

// TestWritesIDPastTheLargest: a table edited in psql may hold an id over
// data.MaxID, which no write or import gives; a creation without an id is
// then refused, saying so (409), rather than failing on the bigint's
// overflow (a 500 for every such creation after it), and one with an id
// still passes.
func TestWritesIDPastTheLargest(t *testing.T) {
	e := newWriteEnv(t)
	conn, err := pgx.Connect(context.Background(), e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `CREATE TEMP TABLE one AS SELECT * FROM actors ORDER BY id LIMIT 1;
		UPDATE one SET id = 9223372036854775807; INSERT INTO actors SELECT * FROM one`); err != nil {
		t.Fatal(err)
	}
	body := `{"type":"Feature","geometry":null,"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`
	if a := e.do("POST", "/ogc/collections/actors/items", "admin", mediaFeature, body); a.status != 409 || !strings.Contains(string(a.body), "give the new feature an id") {
		t.Errorf("creation without an id: %d %s, want 409 asking for an id", a.status, a.body)
	}
	withID := `{"type":"Feature","id":424243,"geometry":null,"properties":{"name":"X","kind":"entreprise","commune":"69123"}}`
	if a := e.do("POST", "/ogc/collections/actors/items", "admin", mediaFeature, withID); a.status != 201 {
		t.Errorf("creation with an id: %d %s, want 201", a.status, a.body)
	}
}

// checkHistoryReplays compares, in SQL, each feature's last history entry
// with its row as the history records rows (migration 00020's
// history_row), and counts the features whose history ends otherwise.
func checkHistoryReplays(t *testing.T, e *writeEnv) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, c := range []struct{ table, geom string }{{"actors", "geom"}, {"partnerships", "geom"}} {
		var bad []string
		// Written here, not read from the store's code: the last entry of
		// each feature against its row, and the deleted ones.
		rows, err := conn.Query(context.Background(), fmt.Sprintf(`
		WITH last AS (SELECT DISTINCT ON (feature_id) feature_id, operation, after, author
		                FROM history WHERE collection = '%[1]s' ORDER BY feature_id, id DESC)
		SELECT coalesce(l.feature_id, r.id::text) || ': ' || coalesce(l.operation, 'no history') || ' by ' || coalesce(l.author, '-')
		  FROM last l FULL JOIN %[1]s r ON r.id::text = l.feature_id
		 WHERE r.id IS NULL AND l.operation <> 'delete'
		    OR r.id IS NOT NULL AND (l.after IS NULL OR l.after <> (to_jsonb(r) - 'geom') || jsonb_build_object('geometry', ST_AsGeoJSON(r.%[2]s, 7)::jsonb))`, c.table, c.geom))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			bad = append(bad, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 {
			t.Errorf("%s whose history does not end in their row: %v", c.table, bad)
		}
	}
	var imported string
	if err := conn.QueryRow(context.Background(), "SELECT author FROM history WHERE collection = 'actors' AND feature_id = '500'").Scan(&imported); err != nil || imported != "import of actors.csv" {
		t.Errorf("the import's history row: author %q (%v), want \"import of actors.csv\"", imported, err)
	}
}

// TestWritesEmbeddedReadOnly: the embedded store takes no writes and says
// why (405 with Allow), and has no history.
func TestWritesEmbeddedReadOnly(t *testing.T) {
	st, err := memory.New(storetest.Fixture())
	if err != nil {
		t.Fatal(err)
	}
	base := serveForTest(t, st, server.Config{}, slog.New(slog.DiscardHandler))
	e := &writeEnv{t: t, base: base, secrets: map[string]string{}}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		path := "/ogc/collections/actors/items/1"
		if m == "POST" {
			path = "/ogc/collections/actors/items"
		}
		a := e.do(m, path, "Bearer anything", mediaFeature, `{"type":"Feature","properties":{}}`)
		p := a.problem(t)
		if a.status != 405 || p.Type != "urn:maillage:problem:read-only" || !strings.Contains(p.Detail, "read-only") || a.header.Get("Allow") == "" {
			t.Errorf("%s on the embedded store: %d %s (Allow %q)", m, a.status, a.body, a.header.Get("Allow"))
		}
	}
	if a := e.do("GET", "/api/history", "", "", ""); a.status != 404 {
		t.Errorf("history on the embedded store: %d", a.status)
	}
}

// TestImportsOverHTTP: POST /api/imports takes the CLI's files, as a body
// or a multipart form, for admins only, all or nothing, each bad row
// listed with its line; the history names the token.
func TestImportsOverHTTP(t *testing.T) {
	e := newWriteEnv(t)
	header := "id,name,kind,siren,rna,commune,country,lon,lat,precision,employees,employer,insertion,sector,reach,domains\n"
	good := header + "600,Atelier importé,association,,,69123,FR,,,,3,,,,,\n601,Club importé,club_entreprises,,,69266,FR,,,,0,,,,,\n"
	bad := header + "602,Bon,association,,,69123,FR,,,,3,,,,,\n603,Mauvais,ong,,,69999,FR,,,,3,,,,,\n"
	// good, gzipped, without the end of its stream: a download cut short.
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(good))
	zw.Close()
	cut := zb.String()[:zb.Len()-12]
	oneRow := func(line int, reason string) func(t *testing.T, a writeAnswer) {
		return func(t *testing.T, a writeAnswer) {
			var p struct{ Rows []data.RowError }
			_ = json.Unmarshal(a.body, &p)
			if len(p.Rows) != 1 || p.Rows[0].Line < line || !strings.Contains(p.Rows[0].Reason, reason) {
				t.Errorf("rows %+v, want one on line %d or after, with %q", p.Rows, line, reason)
			}
		}
	}
	for _, tc := range []struct {
		name, token, query, ctype, body string
		status                          int
		check                           func(t *testing.T, a writeAnswer)
	}{
		{"no token", "", "?kind=actors", "text/csv", good, 401, nil},
		{"an editor", "ara", "?kind=actors", "text/csv", good, 403, nil},
		{"unknown kind", "admin", "?kind=people", "text/csv", good, 400, func(t *testing.T, a writeAnswer) {
			if p := a.problem(t); p.Parameter != "kind" {
				t.Errorf("parameter %q, want kind", p.Parameter)
			}
		}},
		{"bad rows", "admin", "?kind=actors&name=bad.csv", "text/csv", bad, 422, func(t *testing.T, a writeAnswer) {
			var p struct{ Rows []data.RowError }
			_ = json.Unmarshal(a.body, &p)
			if len(p.Rows) != 1 || p.Rows[0].Line != 3 || len(p.Rows[0].Fields) != 2 {
				t.Errorf("rows %+v, want line 3 with kind and commune", p.Rows)
			}
		}},
		// The file's faults are bad input, not the server's (a 500) nor
		// the database's (the 503 a gzip stream cut short was answered).
		{"a gzip body cut short", "admin", "?kind=actors&name=cut.csv.gz", "application/gzip", cut, 422, oneRow(2, "cut short or corrupt")},
		{"a NUL byte", "admin", "?kind=actors&name=nul.csv", "text/csv", header + "605,Nul\x00,association,,,69123,FR,,,,3,,,,,\n", 422, oneRow(2, "field 2 holds a NUL character")},
		{"a values file that is none", "admin", "?kind=indicator-values&name=values.bin", "application/octet-stream", "MIV0", 422, oneRow(1, "not a values file")},
		{"a CSV body", "admin", "?kind=actors&name=new.csv", "text/csv", good, 200, func(t *testing.T, a writeAnswer) {
			var r struct {
				Rows int
				File string
			}
			_ = json.Unmarshal(a.body, &r)
			if r.Rows != 2 || r.File != "new.csv" {
				t.Errorf("report %s", a.body)
			}
		}},
		{"a multipart form", "admin", "", "multipart/form-data; boundary=XX",
			"--XX\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nactors\r\n" +
				"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
				header + "604,Formulaire,association,,,69123,FR,,,,1,,,,,\n\r\n--XX--\r\n", 200, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.state()
			a := e.do("POST", "/api/imports"+tc.query, tc.token, tc.ctype, tc.body)
			if a.status != tc.status {
				t.Fatalf("status %d, want %d: %s", a.status, tc.status, a.body)
			}
			if tc.check != nil {
				tc.check(t, a)
			}
			if (e.state() == before) != (tc.status != 200) {
				t.Errorf("status %d, and the version/history went %v → %v", tc.status, before, e.state())
			}
		})
	}
	var h struct{ Entries []data.HistoryEntry }
	_ = json.Unmarshal(e.do("GET", "/ogc/collections/actors/items/604/history", "", "", "").body, &h)
	if len(h.Entries) != 1 || h.Entries[0].Author != "admin" || h.Entries[0].Operation != "insert" {
		t.Errorf("history of the imported actor 604: %+v", h.Entries)
	}
}
