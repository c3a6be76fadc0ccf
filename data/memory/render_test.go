package memory_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// parsed is a feature decoded with its member and property order kept.
type parsed struct {
	keys      []string // top-level members in order
	id        string
	props     map[string]any
	propOrder []string
}

// parse decodes a feature, keeping the order of members and properties.
func parse(b []byte) (parsed, error) {
	var f parsed
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return f, fmt.Errorf("%v in %s", err, b)
	}
	var err error
	if f.keys, err = objectKeys(b); err != nil {
		return f, err
	}
	var id any
	json.Unmarshal(raw["id"], &id)
	switch v := id.(type) {
	case string:
		f.id = v
	case float64:
		f.id = strconv.FormatFloat(v, 'f', -1, 64)
	}
	if err := json.Unmarshal(raw["properties"], &f.props); err != nil {
		return f, err
	}
	f.propOrder, err = objectKeys(raw["properties"])
	return f, err
}

// objectKeys lists the keys of a JSON object in document order.
func objectKeys(b []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func TestFeaturesFollowTheCatalog(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	for _, c := range data.Catalog() {
		t.Run(c.ID, func(t *testing.T) {
			t.Parallel()
			var names []string
			for _, p := range c.Properties {
				names = append(names, p.Name)
			}
			err := s.Items(context.Background(), c.ID, data.ItemsQuery{}, func(b []byte) error {
				f, err := parse(b)
				if err != nil {
					return err
				}
				if want := []string{"type", "id", "geometry", "properties"}; !slices.Equal(f.keys, want) {
					t.Errorf("%s: members %v, want %v", f.id, f.keys, want)
				}
				if !slices.Equal(f.propOrder, names) {
					t.Errorf("%s: properties %v, want %v", f.id, f.propOrder, names)
				}
				for _, p := range c.Properties {
					if v := f.props[p.Name]; v != nil && !ofType(v, p.Type) {
						t.Errorf("%s: %s = %v (%T), want a %s or null", f.id, p.Name, v, v, p.Type)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func ofType(v any, typ data.PropertyType) bool {
	switch typ {
	case data.TypeString:
		_, ok := v.(string)
		return ok
	case data.TypeBoolean:
		_, ok := v.(bool)
		return ok
	case data.TypeNumber:
		_, ok := v.(float64)
		return ok
	case data.TypeInteger:
		n, ok := v.(float64)
		return ok && n == float64(int64(n))
	case data.TypeDate:
		s, ok := v.(string)
		_, err := time.Parse(time.DateOnly, s)
		return ok && err == nil
	}
	return false
}

// TestGoldenFeatures pins the exact text of one feature per collection
// (testdata/features.golden, one "collection id<TAB>feature" per line).
// Run with MAILLAGE_UPDATE_GOLDEN=1 to rewrite it after a deliberate change.
func TestGoldenFeatures(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	picks := []struct{ collection, id string }{
		{data.CollectionActors, "1"}, {data.CollectionActors, "6"}, {data.CollectionPartnerships, "4"},
		{data.CollectionAlliances, "2"}, {data.CollectionRegions, "84"}, {data.CollectionDepartements, "84"},
		{data.CollectionEPCIs, "200054781"}, {data.CollectionCommunes, "69123"},
	}
	var got bytes.Buffer
	for _, p := range picks {
		b, err := s.Item(context.Background(), p.collection, p.id, geo.CRS84)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&got, "%s %s\t%s\n", p.collection, p.id, b)
	}
	path := filepath.Join("testdata", "features.golden")
	if os.Getenv("MAILLAGE_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gotLines, wantLines := bytes.Split(got.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w []byte
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if !bytes.Equal(g, w) {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, g, w)
		}
	}
}
