package dataset

import (
	"slices"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// TerritoryRef is what a reader needs to know of a territory that a row
// names: its level and code, its place (its own code at its level plus its
// parents' codes) and its point (geo.InteriorPoint of its geometry), where an actor
// placed by its commune alone is put.
type TerritoryRef struct {
	Level geo.Level
	Code  string
	Place geo.Place
	Point orb.Point
}

// Resolver answers the readers' questions about rows loaded before the file
// being read, following the load order of data.ImportKinds. The in-memory
// path uses an Index; the PostGIS importer may implement it against its
// tables or fill an Index from them. A Resolver is only read.
//
// Territories are looked up by level and code because INSEE codes are unique
// only within a level: every région code is also a département code (84 is
// Auvergne-Rhône-Alpes and Vaucluse, 75 Nouvelle-Aquitaine and Paris).
type Resolver interface {
	// Territory returns a known territory by level and code.
	Territory(level geo.Level, code string) (TerritoryRef, bool)
	// Indicator returns a known indicator of the catalogue.
	Indicator(id string) (geo.Indicator, bool)
	// Actor returns the place of a known actor (Country set when abroad).
	Actor(id int64) (geo.Place, bool)
	// Alliance reports whether an alliance is known.
	Alliance(id int64) bool
}

// Index is an in-memory Resolver filled row by row. The zero value is not
// usable; call NewIndex. It is not safe for concurrent Adds.
type Index struct {
	territories levelMap[int32] // position in refs
	refs        []TerritoryRef
	indicators  map[string]geo.Indicator
	actors      IDs // the number of each actor's place in places
	places      Places
	alliances   map[int64]struct{}
}

var _ Resolver = (*Index)(nil)

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{
		indicators: map[string]geo.Indicator{},
		alliances:  map[int64]struct{}{},
	}
}

// IndexOf returns an Index holding every row of ds.
func IndexOf(ds *Dataset) *Index {
	x := NewIndex()
	x.AddTerritories(ds.Territories)
	for _, ind := range ds.Indicators {
		x.AddIndicator(ind)
	}
	for _, a := range ds.Actors {
		x.AddActor(a)
	}
	for _, al := range ds.Alliances {
		x.AddAlliance(al.ID)
	}
	return x
}

// AddTerritory makes t known; its point is computed from its geometry.
func (x *Index) AddTerritory(t geo.Territory) {
	ref := TerritoryRef{Level: t.Level, Code: t.Code, Place: TerritoryPlace(t), Point: geo.InteriorPoint(t.Geometry)}
	if i, ok := x.territories.get(t.Level, t.Code); ok {
		x.refs[i] = ref
		return
	}
	x.territories.set(t.Level, t.Code, int32(len(x.refs)))
	x.refs = append(x.refs, ref)
}

// AddTerritories adds each of ts, as AddTerritory does; into an empty
// Index, into maps and a list sized for them at once: growing them
// territory by territory cost 80 ms of the embedded demo's start, most of
// it the fresh memory's first touch.
func (x *Index) AddTerritories(ts []geo.Territory) {
	if len(x.refs) == 0 {
		var counts [4]int
		for _, t := range ts {
			if li := levelIndex(t.Level); li >= 0 {
				counts[li]++
			}
		}
		x.territories.grow(counts)
		x.refs = slices.Grow(x.refs, len(ts))
	}
	for _, t := range ts {
		x.AddTerritory(t)
	}
}

// AddIndicator makes an indicator known.
func (x *Index) AddIndicator(ind geo.Indicator) { x.indicators[ind.ID] = ind }

// AddActor makes an actor known; its place comes from its commune, which
// should have been added first (otherwise the place holds the commune code
// alone).
func (x *Index) AddActor(a geo.Actor) {
	ref, _ := x.Territory(geo.LevelCommune, a.CommuneCode)
	x.actors.Set(a.ID, x.places.Add(ActorPlace(a, ref.Place)))
}

// AddAlliance makes an alliance known.
func (x *Index) AddAlliance(id int64) { x.alliances[id] = struct{}{} }

// Territory implements Resolver.
func (x *Index) Territory(level geo.Level, code string) (TerritoryRef, bool) {
	i, ok := x.territories.get(level, code)
	if !ok {
		return TerritoryRef{}, false
	}
	return x.refs[i], true
}

// Indicator implements Resolver.
func (x *Index) Indicator(id string) (geo.Indicator, bool) {
	ind, ok := x.indicators[id]
	return ind, ok
}

// Actor implements Resolver.
func (x *Index) Actor(id int64) (geo.Place, bool) {
	i, ok := x.actors.Get(id)
	if !ok {
		return geo.Place{}, false
	}
	return *x.places.At(i), true
}

// Alliance implements Resolver.
func (x *Index) Alliance(id int64) bool {
	_, ok := x.alliances[id]
	return ok
}

// TerritoryPlace returns where t sits in the hierarchy: its own code in the
// field of its level and its parents' codes (empty where unknown).
func TerritoryPlace(t geo.Territory) geo.Place {
	p := geo.Place{Region: t.RegionCode, Departement: t.DepartementCode, EPCI: t.EPCICode}
	switch t.Level {
	case geo.LevelRegion:
		p = geo.Place{Region: t.Code}
	case geo.LevelDepartement:
		p.Departement, p.EPCI = t.Code, ""
	case geo.LevelEPCI:
		p.EPCI = t.Code
	case geo.LevelCommune:
		p.Commune = t.Code
	}
	return p
}

// ActorPlace returns an actor's place given its commune's place: only the
// country for an actor abroad; the commune's place otherwise, or the commune
// code alone when the commune's place is unknown (zero).
func ActorPlace(a geo.Actor, commune geo.Place) geo.Place {
	if a.Abroad() {
		return geo.Place{Country: a.Country}
	}
	if commune.Commune == "" {
		commune = geo.Place{Commune: a.CommuneCode}
	}
	commune.Country = a.Country
	return commune
}

// TerritoryKey identifies a territory: codes are unique only within a level.
type TerritoryKey struct {
	Level geo.Level
	Code  string
}

// BareCodeLevels is the order in which the levels sharing a bare code (one
// given without its level) are tried: a code that is both a département's
// and a région's names the département, the number people use. It matches
// territory_level_rank in the PostGIS migrations.
func BareCodeLevels() []geo.Level {
	return []geo.Level{geo.LevelDepartement, geo.LevelRegion, geo.LevelEPCI, geo.LevelCommune}
}

// ResolveCode finds the territory a bare code names: the one of level
// preferred when it exists (the indicator's finest level for a value; ""
// for none), else the first in BareCodeLevels order.
func ResolveCode(res Resolver, code string, preferred geo.Level) (TerritoryRef, bool) {
	if preferred != "" {
		if r, ok := res.Territory(preferred, code); ok {
			return r, true
		}
	}
	for _, l := range BareCodeLevels() {
		if r, ok := res.Territory(l, code); ok {
			return r, true
		}
	}
	return TerritoryRef{}, false
}
