package postgis

import (
	"testing"

	"github.com/maillage/maillage/data/storetest"
)

// TestPlantedGapThroughImport imports the planted-gap files one by one, as
// `maillage import` does, and checks the planted commune ranks first.
func TestPlantedGapThroughImport(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	storetest.ImportPlantedGap(t, s)
	storetest.CheckPlantedGap(t, s)
}
