package storetest

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// testActorsByKind checks the counts of actors by kind against the
// fixture's actors, counted by hand, and the refusal of a bad level.
func testActorsByKind(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	counts := func(kv map[geo.ActorKind]int64) map[geo.ActorKind]int64 {
		out := map[geo.ActorKind]int64{}
		for _, k := range geo.ActorKinds {
			out[k] = kv[k]
		}
		return out
	}
	cases := []struct {
		t    data.TerritoryRef
		want map[geo.ActorKind]int64
	}{
		// Lyon: Industries Lumière (1) and its town hall (3).
		{data.TerritoryRef{Level: geo.LevelCommune, Code: "69123"},
			counts(map[geo.ActorKind]int64{geo.KindEntreprise: 1, geo.KindCollectivite: 1})},
		// The Métropole: Lyon's two and Insertion Villeurbanne (2).
		{data.TerritoryRef{Level: geo.LevelEPCI, Code: "200046977"},
			counts(map[geo.ActorKind]int64{geo.KindEntreprise: 1, geo.KindCollectivite: 1, geo.KindAssociation: 1})},
		// The Rhône adds Genay Jeunesse (10) and Tarare's agency (11).
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "69"},
			counts(map[geo.ActorKind]int64{geo.KindEntreprise: 1, geo.KindCollectivite: 1, geo.KindAssociation: 2, geo.KindEtat: 1})},
		// Région 84 adds Grenoble's university (4) and the Dombes club (9).
		{data.TerritoryRef{Level: geo.LevelRegion, Code: "84"},
			counts(map[geo.ActorKind]int64{geo.KindEntreprise: 1, geo.KindCollectivite: 1, geo.KindAssociation: 2, geo.KindEtat: 1,
				geo.KindEnseignement: 1, geo.KindClubEntreprises: 1})},
		// A département with no actor, and one that does not exist.
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "2A"}, counts(nil)},
		{data.TerritoryRef{Level: geo.LevelDepartement, Code: "99"}, counts(nil)},
	}
	for _, c := range cases {
		got, err := s.ActorsByKind(ctx, c.t)
		if err != nil {
			t.Fatalf("%+v: %v", c.t, err)
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%+v: got %v, want %v", c.t, got, c.want)
		}
	}
	var fe *data.FilterError
	if _, err := s.ActorsByKind(ctx, data.TerritoryRef{Level: "canton", Code: "69"}); !errors.As(err, &fe) || fe.Property != "level" {
		t.Errorf("ActorsByKind in a canton: got %v, want a FilterError naming level", err)
	}
}
