package server_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// testGDALGaps: an analyst pulls the département gap ranking for one domain
// with ogr2ogr -where "domain = '…'"; the filter reaches the server, and
// the GeoPackage holds every rated département with the rank and gap of
// the analysis ranking on the same store.
func testGDALGaps(t *testing.T, g gdalCase) {
	layer := analysis.GapCollectionID(geo.LevelDepartement)
	r, err := analysis.New(g.store, analysis.Config{}).RankGaps(t.Context(), geo.LevelDepartement, geo.DomainInsertionEmploi, nil, data.Today(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) < 90 {
		t.Fatalf("%d départements rated: the case would prove little", len(r.Rows))
	}
	out := filepath.Join(g.dir, "gaps.gpkg")
	g.ogr2ogr(nil, "-f", "GPKG", out, g.dataset(), layer, "-oo", "PAGE_SIZE=1000", "-where", "domain = 'insertion_emploi'")
	rows := g.gpkgRows(out, fmt.Sprintf(`SELECT code_id, rank, gap, class FROM (SELECT id AS code_id, rank, gap, class FROM "%s") ORDER BY rank`, layer))
	if len(rows)-1 != len(r.Rows) {
		t.Fatalf("GDAL got %d départements, the ranking has %d", len(rows)-1, len(r.Rows))
	}
	for i, row := range rows[1:] {
		want := r.Rows[i]
		if row[0] != want.Code || row[1] != fmt.Sprint(want.Rank) || row[3] != want.Class {
			t.Errorf("rank %d: GDAL has %v, the ranking %s %d %s", i+1, row, want.Code, want.Rank, want.Class)
			break
		}
	}
	reached := false
	for _, req := range g.srv.log.itemsRequests(layer) {
		reached = reached || slices.Contains(req.query()["domain"], "insertion_emploi")
	}
	if !reached {
		t.Errorf("no items request carried domain=insertion_emploi:\n%s", gdalIndent(g.srv.log.String()))
	}
}
