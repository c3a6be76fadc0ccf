package data_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
)

func TestCheckFeatureBody(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, collection, body, id string
		fields                     []string // nil: accepted
	}{
		{"actor", data.CollectionActors, `{"type":"Feature","geometry":{"type":"Point","coordinates":[4.8,45.7]},"properties":{"name":"A","kind":"entreprise"}}`, "", nil},
		{"actor without geometry", data.CollectionActors, `{"type":"Feature","geometry":null,"properties":{"name":"A"}}`, "", nil},
		{"id repeated as a property", data.CollectionActors, `{"type":"Feature","id":7,"properties":{"id":7}}`, "7", nil},
		{"derived", data.CollectionActors, `{"type":"Feature","properties":{"region":"84","size_class":"0"}}`, "", []string{"region", "size_class"}},
		{"unknown", data.CollectionActors, `{"type":"Feature","properties":{"colour":"red"}}`, "", []string{"colour"}},
		{"line for an actor", data.CollectionActors, `{"type":"Feature","geometry":{"type":"LineString","coordinates":[]},"properties":{}}`, "", []string{"geometry"}},
		{"partnership with a line", data.CollectionPartnerships, `{"type":"Feature","geometry":{"type":"LineString","coordinates":[]},"properties":{}}`, "", []string{"geometry"}},
		{"partnership scale", data.CollectionPartnerships, `{"type":"Feature","properties":{"scale":"local","length_km":3}}`, "", []string{"length_km", "scale"}},
		{"other id", data.CollectionPartnerships, `{"type":"Feature","id":"8","properties":{}}`, "9", []string{"id"}},
		{"not a feature", data.CollectionActors, `{"type":"FeatureCollection"}`, "", []string{"type"}},
		{"no type", data.CollectionActors, `{"properties":{}}`, "", []string{"type"}},
		{"not JSON", data.CollectionActors, `{`, "", []string{"type"}},
		{"read-only collection", data.CollectionCommunes, `{"type":"Feature","properties":{}}`, "", []string{"collection"}},
		{"NUL characters", data.CollectionActors, `{"type":"Feature","id":"7\u0000","properties":{"name":"A\u0000B","rna":"\\u0000","kind":"entreprise"}}`, "", []string{"name", "id"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := data.CheckFeatureBody(tc.collection, []byte(tc.body), tc.id)
			var we *data.WriteError
			switch {
			case tc.fields == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.fields != nil && !errors.As(err, &we):
				t.Fatalf("got %v, want a *WriteError naming %v", err, tc.fields)
			case tc.fields != nil:
				var got []string
				for _, p := range we.Problems {
					got = append(got, p.Field)
				}
				if !slices.Equal(got, tc.fields) || we.Unprocessable {
					t.Errorf("fields %v (unprocessable %v), want %v", got, we.Unprocessable, tc.fields)
				}
			}
		})
	}
}

// FuzzCheckFeatureBody: any body is either accepted, with only writable
// properties, or refused with a *WriteError naming at least one field;
// never a panic.
func FuzzCheckFeatureBody(f *testing.F) {
	for _, s := range []string{`{"type":"Feature","properties":{"name":"A"}}`, `{"type":"Feature","id":[1],"geometry":7}`,
		`{"type":"Feature","properties":null}`, `null`, `[]`, `{"type":"Feature","geometry":{"type":"Point"}}`} {
		f.Add(s, "actors", "")
	}
	f.Fuzz(func(t *testing.T, body, collection, id string) {
		props, err := data.CheckFeatureBody(collection, []byte(body), id)
		if err != nil {
			var we *data.WriteError
			if !errors.As(err, &we) || len(we.Problems) == 0 {
				t.Fatalf("refusal %v is not a *WriteError naming a field", err)
			}
			return
		}
		writable := data.WritableProperties(collection)
		for name := range props {
			if name != "id" && !slices.Contains(writable, name) {
				t.Fatalf("accepted property %q, not writable in %s", name, collection)
			}
		}
		if !json.Valid([]byte(body)) {
			t.Fatalf("accepted %q, which is not JSON", body)
		}
	})
}
