package migrations

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
)

// quoted writes values as the migrations list them in CHECK constraints.
func quoted[T ~string](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = "'" + string(v) + "'"
	}
	return strings.Join(parts, ", ")
}

func allSQL(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	names, err := fs.Glob(FS, "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations embedded: %v", err)
	}
	for _, n := range names {
		body, err := fs.ReadFile(FS, n)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(body)
	}
	return b.String()
}

// TestEnumerationsMatchGeo checks that each CHECK list of the schema holds
// exactly geo's values, in geo's order, so a value added in Go cannot be
// refused by the database unnoticed.
func TestEnumerationsMatchGeo(t *testing.T) {
	t.Parallel()
	sql := allSQL(t)
	lists := map[string]string{
		"actor kinds":  quoted(geo.ActorKinds),
		"sectors":      quoted(geo.Sectors),
		"precisions":   quoted(geo.Precisions),
		"scales":       quoted(geo.Scales),
		"categories":   quoted(geo.Categories),
		"domains":      quoted(geo.Domains),
		"roles":        quoted(geo.Roles),
		"levels":       quoted(geo.Levels),
		"aggregations": quoted([]geo.Aggregation{geo.AggregationRatio, geo.AggregationWeightedMean, geo.AggregationSum}),
	}
	for name, list := range lists {
		if !strings.Contains(sql, list) {
			t.Errorf("%s: no CHECK lists %s", name, list)
		}
	}
}

// TestMigrationFiles checks the files goose will read: numbered in order
// from 1 without gaps, each with an Up section.
func TestMigrationFiles(t *testing.T) {
	t.Parallel()
	names, _ := fs.Glob(FS, "*.sql")
	numbered := regexp.MustCompile(`^(\d{5})_[a-z_]+\.sql$`)
	for i, n := range names {
		m := numbered.FindStringSubmatch(n)
		if m == nil {
			t.Errorf("%s: want NNNNN_name.sql", n)
			continue
		}
		if want := fmt.Sprintf("%05d", i+1); m[1] != want {
			t.Errorf("%s: want number %s", n, want)
		}
		body, _ := fs.ReadFile(FS, n)
		if !strings.Contains(string(body), "-- +goose Up") {
			t.Errorf("%s: no -- +goose Up", n)
		}
		if strings.Count(string(body), "-- +goose StatementBegin") != strings.Count(string(body), "-- +goose StatementEnd") {
			t.Errorf("%s: unbalanced StatementBegin/End", n)
		}
	}
}

// TestSearchKeyMatchesGeo checks that territory_search_key spells
// geo.SearchKey's table: the translate() pair is geo.SearchFoldTable's,
// each ligature is replaced by its two letters, and the combining marks
// geo drops are the ones the SQL drops.
func TestSearchKeyMatchesGeo(t *testing.T) {
	t.Parallel()
	body, err := fs.ReadFile(FS, "00011_territory_search.sql")
	if err != nil {
		t.Fatal(err)
	}
	sql := string(body)
	from, to, ligatures := geo.SearchFoldTable()
	if want := fmt.Sprintf("'%s',\n            '%s')", from, to); !strings.Contains(sql, want) {
		t.Errorf("territory_search_key's translate() is not geo.SearchFoldTable's:\n%s", want)
	}
	for r, s := range ligatures {
		if want := fmt.Sprintf("'%c', '%s')", r, s); !strings.Contains(sql, want) {
			t.Errorf("territory_search_key does not replace %c by %s", r, s)
		}
	}
	if want := fmt.Sprintf(`'[\u%04x-\u%04x]+', ''`, geo.SearchMarkFirst, geo.SearchMarkLast); !strings.Contains(sql, want) {
		t.Errorf("territory_search_key does not drop the marks geo drops: want %s", want)
	}
}
