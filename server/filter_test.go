package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/server"
)

// fcIDs lists the ids of a page, as text.
func fcIDs(fc featureCollection) []string {
	out := []string{}
	for _, f := range fc.Features {
		out = append(out, strings.Trim(string(f.ID), `"`))
	}
	return out
}

// itemsWith is the actors items URL with the given query pairs.
func itemsWith(collection string, pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return "/ogc/collections/" + collection + "/items?" + v.Encode()
}

// TestFilterItems runs filters in both encodings through the server on
// the embedded store; the stores' agreement is data/storetest's business.
func TestFilterItems(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		name   string
		target string
		want   []string
	}{
		{"text", itemsWith("actors", "filter", "kind = 'association'"), []string{"2", "5"}},
		{"text, explicit language", itemsWith("actors", "filter", "kind = 'association'", "filter-lang", "cql2-text"), []string{"2", "5"}},
		{"IS NULL", itemsWith("actors", "filter", "sector IS NULL"), []string{"2", "5"}},
		{"NOT leaves nulls out", itemsWith("actors", "filter", "NOT sector = 'public'"), []string{"1"}},
		{"json", itemsWith("actors", "filter", `{"op":"like","args":[{"property":"commune"},"69%"]}`, "filter-lang", "cql2-json"),
			[]string{"1", "2", "4"}},
		{"with an equality parameter", itemsWith("actors", "kind", "association", "filter", "reach = 'regional'"), []string{"2"}},
		{"a box", itemsWith("actors", "filter", "S_INTERSECTS(geometry, BBOX(4.82, 45.75, 4.89, 45.78))",
			"filter-crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"), []string{"1", "2", "4"}},
		{"a polygon over a département", itemsWith("departements", "filter",
			"S_INTERSECTS(geometry, POLYGON((4.6 45.0, 4.8 45.0, 4.8 45.5, 4.6 45.0)))"), []string{"69"}},
		{"sorted", itemsWith("actors", "sortby", "-reach,+kind,id"), []string{"2", "4", "3", "1", "5"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, c.target)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			fc := decodeFC(t, rec.Body)
			if got := fcIDs(fc); !slices.Equal(got, c.want) {
				t.Errorf("ids %v, want %v", got, c.want)
			}
			if fc.NumberMatched == nil || *fc.NumberMatched != len(c.want) {
				t.Errorf("numberMatched %v, want %d", fc.NumberMatched, len(c.want))
			}
		})
	}
}

// TestFilterPaging follows next links: a filtered walk keeps the filter
// and pages by cursor; a sorted walk pages by offset and never carries a
// cursor.
func TestFilterPaging(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	walk := func(target string) ([]string, []string) {
		var all, nexts []string
		for range 10 {
			rec := get(t, h, target)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d: %s", target, rec.Code, rec.Body)
			}
			fc := decodeFC(t, rec.Body)
			all = append(all, fcIDs(fc)...)
			next := fc.link("next")
			if next == "" {
				return all, nexts
			}
			nexts = append(nexts, next)
			u, err := url.Parse(next)
			if err != nil {
				t.Fatal(err)
			}
			target = u.RequestURI()
		}
		t.Fatal("more than 10 pages")
		return nil, nil
	}
	all, nexts := walk(itemsWith("actors", "filter", "kind = 'association' OR sector = 'public'", "properties", "kind", "limit", "1"))
	if !slices.Equal(all, []string{"2", "3", "4", "5"}) {
		t.Errorf("filtered walk: %v, want [2 3 4 5]", all)
	}
	for _, n := range nexts {
		u, _ := url.Parse(n)
		q := u.Query()
		if q.Get("filter") != "kind = 'association' OR sector = 'public'" || q.Get("cursor") == "" || q.Get("properties") != "kind" {
			t.Errorf("next link %s lost the filter, the properties or the cursor", n)
		}
	}
	all, nexts = walk(itemsWith("actors", "sortby", "-reach", "limit", "2"))
	if !slices.Equal(all, []string{"2", "1", "3", "4", "5"}) {
		t.Errorf("sorted walk: %v, want [2 1 3 4 5]", all)
	}
	for _, n := range nexts {
		u, _ := url.Parse(n)
		if q := u.Query(); q.Get("cursor") != "" || q.Get("offset") == "" || q.Get("sortby") != "-reach" {
			t.Errorf("sorted next link %s: want sortby and an offset, no cursor", n)
		}
	}
}

// TestProperties checks the selection in GeoJSON (catalogue order) and
// in the HTML table.
func TestProperties(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	rec := get(t, h, itemsWith("actors", "properties", "reach,name", "limit", "2"))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var raw struct {
		Features []struct {
			Properties json.RawMessage `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Features) != 2 || string(raw.Features[0].Properties) != `{"name":"Atelier Lumière","reach":"local"}` {
		t.Errorf("properties: got %s", rec.Body)
	}
	html := get(t, h, itemsWith("actors", "properties", "kind", "f", "html")).Body.String()
	if !strings.Contains(html, "Type d&#39;acteur") || strings.Contains(html, "Effectif salarié") {
		t.Errorf("HTML columns are not the selected properties")
	}
}

// TestFilterBadRequests: every malformed filter, language, CRS, selection
// or sort is a 400 problem naming its parameter, never a 5xx.
func TestFilterBadRequests(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cursor := cursorOf(t, h, "/ogc/collections/actors/items?limit=1")
	cases := []struct {
		name, target, param, detail string
	}{
		{"syntax", itemsWith("actors", "filter", "kind = "), "filter", "at offset 7"},
		{"unknown property", itemsWith("actors", "filter", "siren = 'x'"), "filter", `"siren" is not a queryable`},
		{"type mismatch", itemsWith("actors", "filter", "kind = 3"), "filter", "cannot compare"},
		{"empty", itemsWith("actors", "filter", " "), "filter", "empty"},
		{"not UTF-8", "/ogc/collections/actors/items?filter=kind%3D%27%FF%27", "filter", "UTF-8"},
		{"NUL", "/ogc/collections/actors/items?filter=kind%3D%27%00%27", "filter", "NUL"},
		{"too long", itemsWith("actors", "filter", "kind = '"+strings.Repeat("x", 70000)+"'"), "filter", "longer"},
		{"array function on a string", itemsWith("actors", "filter", "A_CONTAINS(kind, ('a'))"), "filter", "A_CONTAINS takes arrays"},
		{"unknown array function", itemsWith("actors", "filter", "A_INTERSECTS(domains, ('a'))"), "filter", "the array functions are"},
		{"bowtie", itemsWith("actors", "filter", "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))"), "filter", "crosses"},
		{"lone backslash", itemsWith("actors", "filter", `kind LIKE 'a\'`), "filter", "backslash"},
		{"json as text", itemsWith("actors", "filter", `{"op":"=","args":[1,1]}`), "filter", "cql2-text"},
		{"text as json", itemsWith("actors", "filter", "kind = 'x'", "filter-lang", "cql2-json"), "filter", "malformed JSON"},
		{"json unknown property", itemsWith("actors", "filter", `{"op":"isNull","args":[{"property":"nope"}]}`, "filter-lang", "cql2-json"),
			"filter", "not a queryable"},
		{"language", itemsWith("actors", "filter", "kind = 'x'", "filter-lang", "cql"), "filter-lang", "cql2-text"},
		{"filter CRS", itemsWith("actors", "filter", "kind = 'x'", "filter-crs", "http://www.opengis.net/def/crs/EPSG/0/2154"),
			"filter-crs", "CRS84"},
		{"filter twice", itemsWith("actors", "filter", "kind = 'x'", "filter", "kind = 'y'"), "filter", "2 times"},
		{"unknown property selected", itemsWith("actors", "properties", "kind,nope"), "properties", "nope"},
		{"empty selection", itemsWith("actors", "properties", ""), "properties", "empty"},
		{"property selected twice", itemsWith("actors", "properties", "kind,kind"), "properties", "twice"},
		{"sort by a non-queryable", itemsWith("actors", "sortby", "siren"), "sortby", "not a queryable"},
		{"sort by id descending", itemsWith("actors", "sortby", "-id"), "sortby", "id"},
		{"sort twice by a key", itemsWith("actors", "sortby", "kind,-kind"), "sortby", "twice"},
		{"empty sort", itemsWith("actors", "sortby", ""), "sortby", "empty"},
		{"cursor with sortby", itemsWith("actors", "sortby", "kind", "cursor", cursor), "cursor", "sortby"},
		{"queryables as HTML", "/ogc/collections/actors/queryables?f=html", "f", "JSON Schema"},
		{"queryables with a parameter", "/ogc/collections/actors/queryables?limit=1", "limit", "unknown parameter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, c.target)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
			}
			p := decodeProblem(t, rec)
			if p.Parameter != c.param || !strings.Contains(p.Detail, c.detail) {
				t.Errorf("problem names %q with %q, want %q with %q", p.Parameter, p.Detail, c.param, c.detail)
			}
		})
	}
}

// TestQueryables checks the JSON Schema of a collection's queryables and
// the link to it.
func TestQueryables(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{BaseURL: "https://maillage.example"})
	rec := get(t, h, "/ogc/collections/actors/queryables")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/schema+json" {
		t.Fatalf("status %d, Content-Type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	var doc struct {
		Schema     string                    `json:"$schema"`
		ID         string                    `json:"$id"`
		Type       string                    `json:"type"`
		Properties map[string]map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "https://json-schema.org/draft/2020-12/schema" || doc.Type != "object" ||
		doc.ID != "https://maillage.example/ogc/collections/actors/queryables" {
		t.Errorf("header members: %+v", doc)
	}
	if g := doc.Properties["geometry"]; g["format"] != "geometry-point" {
		t.Errorf("geometry: %v", g)
	}
	if k := doc.Properties["kind"]; k["type"] != "string" || k["title"] != "Type d'acteur" {
		t.Errorf("kind: %v", k)
	}
	if e := doc.Properties["employer"]; e["type"] != "boolean" {
		t.Errorf("employer: %v", e)
	}
	if _, ok := doc.Properties["siren"]; ok {
		t.Error("siren is listed but is not a queryable")
	}
	if f := get(t, h, "/ogc/collections/departements/queryables").Body.String(); !strings.Contains(f, `"format":"geometry-multipolygon"`) {
		t.Errorf("départements geometry: %s", f)
	}
	if rec := get(t, h, "/ogc/collections/nope/queryables"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown collection: status %d", rec.Code)
	}
	col := get(t, h, "/ogc/collections/actors").Body.String()
	if !strings.Contains(col, `"href":"https://maillage.example/ogc/collections/actors/queryables","rel":"http://www.opengis.net/def/rel/ogc/1.0/queryables"`) {
		t.Errorf("the collection does not link to its queryables: %s", col)
	}
}
