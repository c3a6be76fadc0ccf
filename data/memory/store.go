package memory

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// Store is the embedded, read-only data.Store. Build it with New; it is safe
// for concurrent use and holds no resources, so Close does nothing.
type Store struct {
	ds           *dataset.Dataset // private, sorted and derived copy, without IndicatorValues (valueTable)
	collections  map[string]*collection
	territories  [4]map[string]int32 // by levelIndex, then code
	children     map[childKey][]int32
	actors       map[int64]int32
	partnerships map[int64]int32
	places       []geo.Place // of each actor, by position in ds.Actors
	kinds        map[int64]geo.ActorKind
	scaleFactor  float64
	valueTable   valueTable // the indicator values, as answers read them (value_table.go)
	values       sync.Map   // valueKey → map[string]float64 (indicators.go)
	search       searchIndex
	version      data.Version // fixed: a digest of the rows (version.go)
}

var _ data.Store = (*Store)(nil)

// childKey names the territories of one level under one parent, by
// position in ds.Territories and levelIndex: integer keys hash much faster
// than level and code strings, and a demo has 100 000 parent links.
type childKey struct {
	parent int32
	level  int8
}

// levelIndex numbers the levels from the widest, 0..3; -1 for an unknown one.
func levelIndex(l geo.Level) int {
	switch l {
	case geo.LevelRegion:
		return 0
	case geo.LevelDepartement:
		return 1
	case geo.LevelEPCI:
		return 2
	case geo.LevelCommune:
		return 3
	}
	return -1
}

// territory finds a territory by level and code.
func (s *Store) territory(level geo.Level, code string) (int32, bool) {
	li := levelIndex(level)
	if li < 0 {
		return 0, false
	}
	i, ok := s.territories[li][code]
	return i, ok
}

// New indexes ds. It works on its own copy of the row slices, sorted and
// derived again (dataset.Derive), and its own layout of the indicator
// values (valueTable), so ds may be changed afterwards without
// effect and need not be derived; geometries and domain lists are shared
// and must not be modified. It fails on duplicate ids or codes, on
// partnerships or members naming missing actors, and on alliances naming a
// missing or ambiguous territory. ds.ScaleFactor (0 meaning 1) scales the
// observatory's national counts.
func New(ds *dataset.Dataset) (*Store, error) {
	if ds == nil {
		return nil, errors.New("memory: nil dataset")
	}
	// The indicator values are laid out apart (valueTable), reading the
	// caller's rows: copying them first would cost 27 MB for a demo.
	rows := *ds
	rows.IndicatorValues = nil
	d := dataset.Clone(&rows)
	dataset.Sort(d)
	if err := checkUnique(d); err != nil {
		return nil, err
	}
	if err := dataset.Derive(d); err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	s := &Store{
		ds:           d,
		children:     map[childKey][]int32{},
		actors:       make(map[int64]int32, len(d.Actors)),
		partnerships: make(map[int64]int32, len(d.Partnerships)),
		places:       make([]geo.Place, len(d.Actors)),
		kinds:        make(map[int64]geo.ActorKind, len(d.Actors)),
		scaleFactor:  d.ScaleFactor,
	}
	if s.scaleFactor == 0 {
		s.scaleFactor = 1
	}
	if err := s.index(); err != nil {
		return nil, err
	}
	// The value table and the search index read what index filled, as the
	// collections do, and nothing of each other: built beside the
	// collections, they take about 70 ms off the embedded demo's start.
	var wg sync.WaitGroup
	wg.Go(func() { s.valueTable = newValueTable(d.Indicators, ds.IndicatorValues, s.territory) })
	wg.Go(func() { s.search = newSearchIndex(d.Territories) })
	s.collections = s.build()
	wg.Wait()
	for _, c := range s.collections {
		if err := c.checkQueryables(); err != nil {
			return nil, err
		}
	}
	s.version = s.digest(time.Now())
	return s, nil
}

// checkUnique reports the first duplicate id or code of a sorted dataset,
// before Derive would report its consequences as dangling references.
func checkUnique(d *dataset.Dataset) error {
	for i := 1; i < len(d.Territories); i++ {
		if a, b := d.Territories[i-1], d.Territories[i]; a.Code == b.Code && a.Level == b.Level {
			return fmt.Errorf("memory: duplicate %s code %s", a.Level, a.Code)
		}
	}
	for i := 1; i < len(d.Actors); i++ {
		if d.Actors[i-1].ID == d.Actors[i].ID {
			return fmt.Errorf("memory: duplicate actor id %d", d.Actors[i].ID)
		}
	}
	for i := 1; i < len(d.Partnerships); i++ {
		if d.Partnerships[i-1].ID == d.Partnerships[i].ID {
			return fmt.Errorf("memory: duplicate partnership id %d", d.Partnerships[i].ID)
		}
	}
	for i := 1; i < len(d.Alliances); i++ {
		if d.Alliances[i-1].ID == d.Alliances[i].ID {
			return fmt.Errorf("memory: duplicate alliance id %d", d.Alliances[i].ID)
		}
	}
	return nil
}

// index fills the lookup maps; ids are known to be unique.
func (s *Store) index() error {
	d := s.ds
	for li := range s.territories {
		s.territories[li] = map[string]int32{}
	}
	for i, t := range d.Territories {
		if li := levelIndex(t.Level); li >= 0 {
			s.territories[li][t.Code] = int32(i)
		}
	}
	for i, t := range d.Territories { // in code order, so each child list is too
		li := levelIndex(t.Level)
		for pl, code := range [3]string{t.RegionCode, t.DepartementCode, t.EPCICode} {
			if code == "" || pl >= li {
				continue // no parent, or a "parent" not wider than t
			}
			if p, ok := s.territories[pl][code]; ok {
				k := childKey{p, int8(li)}
				s.children[k] = append(s.children[k], int32(i))
			}
		}
	}
	for i, a := range d.Actors {
		s.actors[a.ID] = int32(i)
		s.kinds[a.ID] = a.Kind
		var commune geo.Place
		if j, ok := s.territory(geo.LevelCommune, a.CommuneCode); ok {
			commune = dataset.TerritoryPlace(d.Territories[j])
		}
		s.places[i] = dataset.ActorPlace(a, commune)
	}
	for i, p := range d.Partnerships {
		s.partnerships[p.ID] = int32(i)
	}
	for _, al := range d.Alliances {
		for _, m := range al.Members {
			if _, ok := s.actors[m.ActorID]; !ok {
				return fmt.Errorf("memory: alliance %d: member %d is not an actor", al.ID, m.ActorID)
			}
		}
	}
	return nil
}
