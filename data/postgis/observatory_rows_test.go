package postgis

import (
	"strings"
	"testing"

	"github.com/maillage/maillage/geo"
)

// rowsObservatorySQL is the observatory statement for one scope grouping
// the rows only, actors included (sql/observatory_rows_actors.sql, which
// also serves the observatory during an interval): the reference the tests
// check the summaries against. pairsIn is the condition on partnership p
// keeping those with an end in scope.
func rowsObservatorySQL(t *testing.T, level geo.Level, ref, pairsIn string) string {
	t.Helper()
	actors := strings.NewReplacer("{{actor_in}}", actorInScope(level, "a", "ac", ref)).Replace(fixedSQL("observatory_rows_actors"))
	return observatorySQL(rowsPairs(level, ref, pairsIn), actors)
}
