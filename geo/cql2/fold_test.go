package cql2

import "testing"

func TestFold(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, casei, accenti string }{
		{"ÉCOLE", "école", "ECOLE"},
		{"Saint-Étienne", "saint-étienne", "Saint-Etienne"},
		{"Œuvre Ça", "œuvre ça", "Œuvre Ca"},
		{"Île-de-France", "île-de-france", "Ile-de-France"},
		{"Provence-Alpes-Côte d'Azur", "provence-alpes-côte d'azur", "Provence-Alpes-Cote d'Azur"},
		// A decomposed e and acute accent (U+0065 U+0301) folds as the
		// composed é does.
		{"Ele\u0301onore", "ele\u0301onore", "Eleonore"},
		{"ΣΟΦΟΣ", "σοφος", "ΣΟΦΟΣ"}, // full case mapping: a final sigma
	} {
		if got := FoldCase(c.in); got != c.casei {
			t.Errorf("FoldCase(%q) = %q, want %q", c.in, got, c.casei)
		}
		if got := FoldAccents(c.in); got != c.accenti {
			t.Errorf("FoldAccents(%q) = %q, want %q", c.in, got, c.accenti)
		}
	}
}
