package postgis

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestDeactivationKeepsSummaries closes the fixture's InactiveActor by a
// write (the column flipped, as an import or a PATCH does) instead of
// loading it closed: the summaries' triggers must give InactiveDataset's
// hand-written answers, and reopening it the fixture's again.
func TestDeactivationKeepsSummaries(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	if _, err := s.pool.Exec(ctx, "UPDATE actors SET active = false WHERE id = $1", storetest.InactiveActor); err != nil {
		t.Fatal(err)
	}
	storetest.CheckInactiveActor(t, s)
	if _, err := s.pool.Exec(ctx, "UPDATE actors SET active = true WHERE id = $1", storetest.InactiveActor); err != nil {
		t.Fatal(err)
	}
	// The Vaucluse's one association partners again through 107.
	got, err := s.ObservatoryCounts(ctx, geo.LevelDepartement, "84", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := got.Counts; c.Partnerships != 1 || c.Associations != (geo.PartneringCount{Actors: 1, Partnering: 1}) || c.AssociationEnds != 1 {
		t.Errorf("the Vaucluse reopened: %+v, want its association partnering through 107", c)
	}
}

// TestRegistryClosuresMarkInactive: a SIRENE establishment or an RNA
// association imported active, then found closed or dissolved in a later
// file, stays with its partnerships but is marked inactive, and leaves its
// commune's actors; found open again, it is active again. One never
// loaded and closed is left out, as before.
func TestRegistryClosuresMarkInactive(t *testing.T) {
	s := loadedStore(t)
	ctx := context.Background()
	// sample rewrites one line of a registry sample: the column named
	// col of the row whose key column holds key gets value.
	sample := func(name string, sep rune, keyCol, key, col, value string) []byte {
		b, err := os.ReadFile("../dataset/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.Comma, r.LazyQuotes = sep, true
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		ki, ci := -1, -1
		for i, h := range rows[0] {
			switch h {
			case keyCol:
				ki = i
			case col:
				ci = i
			}
		}
		changed := 0
		for _, row := range rows[1:] {
			if row[ki] == key {
				row[ci] = value
				changed++
			}
		}
		if ki < 0 || ci < 0 || changed != 1 {
			t.Fatalf("%s: %s=%s found %d times", name, keyCol, key, changed)
		}
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		w.Comma = sep
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	importBody := func(kind data.ImportKind, body []byte) data.ImportResult {
		res, err := s.Import(ctx, data.ImportRequest{Kind: kind, Name: string(kind), Body: bytes.NewReader(body)})
		if err != nil {
			t.Fatalf("import %s: %v", kind, err)
		}
		return res
	}
	lyonCompanies := func() int64 {
		n, err := s.ActorsByKind(ctx, data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"})
		if err != nil {
			t.Fatal(err)
		}
		return n[geo.KindEntreprise]
	}
	active := func(id int64) bool {
		a, err := s.Actor(ctx, id)
		if err != nil {
			t.Fatalf("actor %d: %v", id, err)
		}
		return !a.Inactive
	}

	// Danone's Lyon factory (55203253400017, in Lyon's 2nd arrondissement).
	const danone = 55203253400017
	open := sample("sirene_good.csv", ',', "siret", "55203253400017", "etatAdministratifEtablissement", "A")
	closed := sample("sirene_good.csv", ',', "siret", "55203253400017", "etatAdministratifEtablissement", "F")
	importBody(data.ImportSirene, open)
	before := lyonCompanies()
	if res := importBody(data.ImportSirene, closed); !strings.Contains(res.Summary, "1 closed ones already loaded marked inactive") {
		t.Errorf("closing import: %s", res.Summary)
	}
	if active(danone) || lyonCompanies() != before-1 {
		t.Errorf("closed: active %v, Lyon's companies %d, want inactive and %d", active(danone), lyonCompanies(), before-1)
	}
	importBody(data.ImportSirene, open)
	if !active(danone) || lyonCompanies() != before {
		t.Errorf("reopened: active %v, Lyon's companies %d, want active and %d", active(danone), lyonCompanies(), before)
	}

	// The Gônes solidaires (W691234567, no SIRET: 9 × 10¹⁴ + its number
	// in base 36), then dissolved.
	const gones = 900_000_000_000_000 + ((((((((6*36+9)*36+1)*36+2)*36+3)*36+4)*36+5)*36+6)*36 + 7)
	importBody(data.ImportRNA, sample("rna_utf8.csv", ';', "id", "W691234567", "position", "A"))
	if !active(gones) {
		t.Fatal("the association was not imported active")
	}
	res := importBody(data.ImportRNA, sample("rna_utf8.csv", ';', "id", "W691234567", "position", "D"))
	if active(gones) || !strings.Contains(res.Summary, "1 dissolved ones already loaded marked inactive") {
		t.Errorf("dissolved: active %v (%s)", active(gones), res.Summary)
	}
	var kept int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM actors WHERE id = $1", gones).Scan(&kept); err != nil || kept != 1 {
		t.Errorf("the dissolved association is gone: %d rows, %v", kept, err)
	}
}
