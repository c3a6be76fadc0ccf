package dataset

import (
	"errors"
	"fmt"

	"github.com/maillage/maillage/geo"
)

// Derive computes what is never read from files: every partnership's Scale,
// by geo.PartnerScale from its two actors' places (an actor's commune gives
// its EPCI, département and région), and every territory's alliance history.
// An alliance counts for its own territory and for each territory it lies
// in (its EPCI, département and région, as far as the territory's parent
// codes say): a commune's alliance counts for the commune, its EPCI, its
// département and its région; a département's counts for the département
// and its région, not for the communes inside it. FirstYear is the smallest
// known start year among the alliances counted (an alliance of unknown
// year, 0, counts but sets no year). An alliance's territory is found at its
// TerritoryLevel, or by ResolveCode's rule when that is empty, and
// TerritoryLevel is then set.
//
// Derive overwrites those fields, so it can run again after any change. It
// reports every partnership or alliance that names a missing actor or
// territory, and leaves their derived fields zero.
func Derive(ds *Dataset) error {
	at := newCodeIndex(ds.Territories)
	return errors.Join(deriveScales(ds, at), deriveAlliances(ds, at))
}

// deriveScales sets every partnership's Scale from its actors' places.
// The places are numbered once each (Places), and found by id (IDs): a
// map from 1.85 M ids to places took 3 s of reading a national dataset.
func deriveScales(ds *Dataset, at codeIndex) error {
	var ids IDs
	var places Places
	for _, a := range ds.Actors {
		var commune geo.Place
		if i, ok := at.get(geo.LevelCommune, a.CommuneCode); ok {
			commune = TerritoryPlace(ds.Territories[i])
		}
		ids.Set(a.ID, places.Add(ActorPlace(a, commune)))
	}
	var errs []error
	for i := range ds.Partnerships {
		ps := &ds.Partnerships[i]
		a, okA := ids.Get(ps.ActorA)
		b, okB := ids.Get(ps.ActorB)
		if !okA || !okB {
			errs = append(errs, fmt.Errorf("dataset: partnership %d names a missing actor (%d or %d)", ps.ID, ps.ActorA, ps.ActorB))
			ps.Scale = ""
			continue
		}
		ps.Scale = geo.PartnerScale(*places.At(a), *places.At(b))
	}
	return errors.Join(errs...)
}

// deriveAlliances sets every territory's alliance history, and each
// alliance's TerritoryLevel.
func deriveAlliances(ds *Dataset, at codeIndex) error {
	for i := range ds.Territories {
		ds.Territories[i].Alliances = geo.AllianceHistory{}
	}
	var errs []error
	for k := range ds.Alliances {
		al := &ds.Alliances[k]
		i, ok := allianceTerritory(at, al)
		if !ok {
			errs = append(errs, fmt.Errorf("dataset: alliance %d names a missing territory %q (level %q)", al.ID, al.TerritoryCode, al.TerritoryLevel))
			continue
		}
		al.TerritoryLevel = ds.Territories[i].Level
		// TerritoryPlace holds the territory's own code and those of the
		// territories it lies in, each once, at their levels.
		pl := TerritoryPlace(ds.Territories[i])
		for _, k := range []TerritoryKey{{geo.LevelCommune, pl.Commune}, {geo.LevelEPCI, pl.EPCI},
			{geo.LevelDepartement, pl.Departement}, {geo.LevelRegion, pl.Region}} {
			j, ok := at.get(k.Level, k.Code)
			if k.Code == "" || !ok {
				continue
			}
			h := &ds.Territories[j].Alliances
			h.Count++
			if al.StartYear != 0 && (h.FirstYear == 0 || al.StartYear < h.FirstYear) {
				h.FirstYear = al.StartYear
			}
		}
	}
	return errors.Join(errs...)
}

// allianceTerritory finds an alliance's territory: at its TerritoryLevel
// when set, else by the bare-code rule of ResolveCode.
func allianceTerritory(at codeIndex, al *geo.Alliance) (int, bool) {
	if al.TerritoryLevel != "" {
		return at.get(al.TerritoryLevel, al.TerritoryCode)
	}
	for _, l := range BareCodeLevels() {
		if i, ok := at.get(l, al.TerritoryCode); ok {
			return i, true
		}
	}
	return 0, false
}

// codeIndex finds a territory's position by level and code.
type codeIndex = *levelMap[int]

func newCodeIndex(ts []geo.Territory) codeIndex {
	var x levelMap[int]
	for i, t := range ts {
		x.set(t.Level, t.Code, i)
	}
	return &x
}
