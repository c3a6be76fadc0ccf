package data

import (
	"slices"
	"testing"

	"github.com/maillage/maillage/geo/cql2"
)

func TestFoldEquals(t *testing.T) {
	t.Parallel()
	actors, _ := LookupCollection(CollectionActors)
	partnerships, _ := LookupCollection(CollectionPartnerships)
	communes, _ := LookupCollection(CollectionCommunes)
	cases := []struct {
		name   string
		c      Collection
		equals []PropertyFilter
		filter string
		want   []PropertyFilter
		rest   string // the filter left, as cql2.Text writes it; "" for none
	}{
		{"a string", actors, nil, "kind = 'association'",
			[]PropertyFilter{{"kind", "association"}}, ""},
		{"literal first", actors, nil, "'btp' = sector",
			[]PropertyFilter{{"sector", "btp"}}, ""},
		{"a boolean", actors, nil, "employer = TRUE",
			[]PropertyFilter{{"employer", "true"}}, ""},
		{"an integer", partnerships, nil, "actor_a = 42",
			[]PropertyFilter{{"actor_a", "42"}}, ""},
		{"an integer written as a decimal stays", partnerships, nil, "actor_a = 42.0",
			nil, "actor_a = 42.0"},
		{"an integer property of the territories", communes, nil, "density_class = 3",
			[]PropertyFilter{{"density_class", "3"}}, ""},
		{"every term of an AND", partnerships, nil, "category = 'mecenat' AND scale = 'local' AND domain = 'sport'",
			[]PropertyFilter{{"category", "mecenat"}, {"scale", "local"}, {"domain", "sport"}}, ""},
		{"nested ANDs", partnerships, nil, "(category = 'mecenat' AND scale = 'local') AND domain = 'sport'",
			[]PropertyFilter{{"category", "mecenat"}, {"scale", "local"}, {"domain", "sport"}}, ""},
		{"the rest stays", actors, nil, "kind = 'association' AND name LIKE 'A%'",
			[]PropertyFilter{{"kind", "association"}}, "name LIKE 'A%'"},
		{"two terms stay", actors, nil, "kind = 'association' AND name LIKE 'A%' AND sector <> 'btp'",
			[]PropertyFilter{{"kind", "association"}}, "(name LIKE 'A%' AND sector <> 'btp')"},
		{"after the parameters", actors, []PropertyFilter{{"sector", "btp"}}, "kind = 'entreprise'",
			[]PropertyFilter{{"sector", "btp"}, {"kind", "entreprise"}}, ""},
		{"a property a parameter already names stays", actors, []PropertyFilter{{"kind", "association"}}, "kind = 'entreprise'",
			[]PropertyFilter{{"kind", "association"}}, "kind = 'entreprise'"},
		{"the same property twice: the second stays", actors, nil, "kind = 'association' AND kind = 'entreprise'",
			[]PropertyFilter{{"kind", "association"}}, "kind = 'entreprise'"},
		{"an OR stays", actors, nil, "kind = 'association' OR kind = 'entreprise'",
			nil, "(kind = 'association' OR kind = 'entreprise')"},
		{"a NOT stays", actors, nil, "NOT kind = 'association'",
			nil, "NOT (kind = 'association')"},
		{"another comparison stays", actors, nil, "kind <> 'association'",
			nil, "kind <> 'association'"},
		{"an empty string stays", actors, nil, "sector = ''",
			nil, "sector = ''"},
		{"a list stays", actors, nil, "A_CONTAINS(domains, ('sport'))",
			nil, "A_CONTAINS(domains, ('sport'))"},
		{"two properties stay", partnerships, nil, "kind_a = kind_b",
			nil, "kind_a = kind_b"},
		{"a folded string stays", actors, nil, "CASEI(kind) = CASEI('Association')",
			nil, "CASEI(kind) = CASEI('Association')"},
		{"a date stays", partnerships, nil, "start = DATE('2020-01-01')",
			nil, "start = DATE('2020-01-01')"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := cql2.Parse(tc.filter, cql2.LangText)
			if err == nil {
				err = cql2.Check(e, tc.c.CQLQueryables())
			}
			if err != nil {
				t.Fatalf("filter %q: %v", tc.filter, err)
			}
			given := slices.Clone(tc.equals)
			equals, rest := tc.c.FoldEquals(given, e)
			if !slices.Equal(equals, tc.want) {
				t.Errorf("equals = %v, want %v", equals, tc.want)
			}
			if got := text(rest); got != tc.rest {
				t.Errorf("filter left = %q, want %q", got, tc.rest)
			}
			if !slices.Equal(given, tc.equals) {
				t.Errorf("the caller's equals changed: %v", given)
			}
		})
	}
	if equals, rest := actors.FoldEquals(nil, nil); equals != nil || rest != nil {
		t.Errorf("no filter: %v, %v", equals, rest)
	}
}

// text is e as cql2-text, "" for nil.
func text(e cql2.Expr) string {
	if e == nil {
		return ""
	}
	return cql2.Text(e)
}
