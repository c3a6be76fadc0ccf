package postgis

import (
	"os"
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
)

// rowsObservatorySQL is the observatory statement for one scope grouping
// the rows only, actors included (testdata/observatory_actors.sql): the
// reference the tests check the summaries against. pairsIn is the
// condition on partnership p keeping those with an end in scope.
func rowsObservatorySQL(t *testing.T, level geo.Level, ref, pairsIn string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/observatory_actors.sql")
	if err != nil {
		t.Fatal(err)
	}
	actors := strings.NewReplacer("{{actor_in}}", actorInScope(level, "a", "ac", ref)).Replace(string(b))
	return observatorySQL(rowsPairs(level, ref, pairsIn), actors)
}
