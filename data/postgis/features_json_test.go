package postgis

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/maillage/maillage/data"
)

// TestPropertiesJSONIsRowToJSON holds propertiesJSON to what PostgreSQL's
// own row_to_json writes of the same values, byte for byte, on every row
// of every collection of the fixture: all the properties, a few, none.
// Names and texts with characters JSON escapes are written first, so that
// a property written as a code that needs escaping would show.
func TestPropertiesJSONIsRowToJSON(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	odd := "Café \"L'Usine\" \\ 1ère\n\t\x01 ✓ \u2028"
	for _, stmt := range []string{
		`UPDATE actors SET name = $1 WHERE id = (SELECT min(id) FROM actors)`,
		`UPDATE territories SET name = $1 WHERE level = 'commune' AND code = (SELECT min(code) FROM territories WHERE level = 'commune')`,
		`UPDATE alliances SET name = $1 WHERE id = (SELECT min(id) FROM alliances)`,
	} {
		if tag, err := s.pool.Exec(ctx, stmt, odd); err != nil || tag.RowsAffected() != 1 {
			t.Fatalf("%s: %v (%d rows)", stmt, err, tag.RowsAffected())
		}
	}
	for _, c := range data.Catalog() {
		src, ok := sourceOf(c.ID)
		if !ok {
			continue
		}
		subsets := map[string][]string{"all": nil, "none": {}}
		if len(src.props) > 2 {
			subsets["some"] = []string{src.props[len(src.props)-1].name, src.props[1].name}
		}
		for label, names := range subsets {
			sel := selecting(src, names)
			var args argList
			ref := `'{}'`
			if len(sel.props) > 0 {
				cols := make([]string, len(sel.props))
				for i, p := range sel.props {
					cols[i] = p.expr + " AS " + pgx.Identifier{p.name}.Sanitize()
				}
				ref = "(SELECT row_to_json(r)::text FROM (SELECT " + strings.Join(cols, ", ") + ") r)"
			}
			sql := "SELECT " + src.id + "::text, " + propertiesJSON(sel.props) + ", " + ref +
				"\nFROM " + src.from + sqlLevel(src, &args)
			rows, err := s.pool.Query(ctx, sql, args...)
			if err != nil {
				t.Fatalf("%s (%s): %v\n%s", c.ID, label, err, sql)
			}
			n := 0
			for rows.Next() {
				var id, got, want string
				if err := rows.Scan(&id, &got, &want); err != nil {
					t.Fatalf("%s (%s): %v", c.ID, label, err)
				}
				if got != want {
					t.Errorf("%s %s (%s):\n got %s\nwant %s", c.ID, id, label, got, want)
				}
				n++
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				t.Fatalf("%s (%s): %v", c.ID, label, err)
			}
			if n == 0 {
				t.Errorf("%s: no row in the fixture", c.ID)
			}
		}
	}
}

// TestPropertyNamesArePlain checks what propertiesJSON writes without
// escaping: the property names.
func TestPropertyNamesArePlain(t *testing.T) {
	t.Parallel()
	plain := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, c := range data.Catalog() {
		src, ok := sourceOf(c.ID)
		if !ok {
			continue
		}
		for _, p := range src.props {
			if !plain.MatchString(p.name) {
				t.Errorf("%s: property name %q needs escaping", c.ID, p.name)
			}
		}
	}
}

// TestCodePropertiesAreConstrained checks what lets propertiesJSON quote a
// code as it is: a CHECK constraint of its table naming its column (the
// lists and the size class, expressions over such columns or constants,
// are named here), so that a schema that let any text in would fail here
// rather than write broken JSON.
func TestCodePropertiesAreConstrained(t *testing.T) {
	s, _ := newTestStore(t)
	derived := map[string]bool{
		sizeClassSQL("a.employees"):                   true, // a CASE of constants
		"NULLIF(array_to_string(a.domains, ','), '')": true, // actors_domains_check
	}
	column := regexp.MustCompile(`^([a-z]+)\.([a-z_]+)$`)
	for _, c := range data.Catalog() {
		src, ok := sourceOf(c.ID)
		if !ok {
			continue
		}
		table, _, _ := strings.Cut(src.table, " ")
		for _, p := range src.props {
			if p.json != asCode || derived[p.expr] {
				continue
			}
			m := column.FindStringSubmatch(p.expr)
			if m == nil {
				t.Errorf("%s: code property %s is %q, neither a column nor a known expression", c.ID, p.name, p.expr)
				continue
			}
			var checked bool
			err := s.pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_constraint
				WHERE conrelid = $1::regclass AND contype = 'c' AND $2 = ANY (SELECT attname FROM pg_attribute
				WHERE attrelid = conrelid AND attnum = ANY (conkey)))`, table, m[2]).Scan(&checked)
			if err != nil {
				t.Fatal(err)
			}
			if !checked {
				t.Errorf("%s: code property %s (%s.%s) has no CHECK constraint: quoted as it is, a value could break the JSON", c.ID, p.name, table, m[2])
			}
		}
	}
}
