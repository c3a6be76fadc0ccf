package memory

import (
	"sync"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// build renders and indexes every collection, one goroutine each: the texts are
// independent and communes and départements dominate the load time.
func (s *Store) build() map[string]*collection {
	d := s.ds
	byLevel := map[geo.Level][]int32{}
	for i, t := range d.Territories {
		byLevel[t.Level] = append(byLevel[t.Level], int32(i))
	}
	builders := map[string]func() *collection{
		data.CollectionActors: func() *collection {
			c := newCollection(len(d.Actors), false)
			for i := range d.Actors {
				a := &d.Actors[i]
				c.addID(a.ID, a.Location, func(b []byte) []byte { return appendActor(b, a, s.places[i]) })
			}
			c.index(len(d.Actors), actorQueryables(d, s.places))
			c.lists = map[string]func(i int) []string{"domains": func(i int) []string {
				out := make([]string, len(d.Actors[i].Domains))
				for k, dom := range d.Actors[i].Domains {
					out[k] = string(dom)
				}
				return out
			}}
			return c
		},
		data.CollectionPartnerships: func() *collection {
			c := newCollection(len(d.Partnerships), false)
			for i := range d.Partnerships {
				p := &d.Partnerships[i]
				a, b := &d.Actors[s.actors[p.ActorA]], &d.Actors[s.actors[p.ActorB]]
				c.addID(p.ID, partnershipLine(a, b), func(buf []byte) []byte { return appendPartnership(buf, p, a, b) })
			}
			c.dates = activeRange(d.Partnerships)
			c.starts = make([]time.Time, len(d.Partnerships))
			c.ends = make([]time.Time, len(d.Partnerships))
			for i, p := range d.Partnerships {
				c.starts[i], c.ends[i] = p.Start, p.End
			}
			c.index(len(d.Partnerships), partnershipQueryables(d, s.kinds))
			c.touches = s.partnershipTouches()
			return c
		},
		data.CollectionAlliances: func() *collection {
			c := newCollection(len(d.Alliances), false)
			for i := range d.Alliances {
				al := &d.Alliances[i]
				var pt orb.Point // Derive has set TerritoryLevel and checked the territory exists
				if j, ok := s.territory(al.TerritoryLevel, al.TerritoryCode); ok {
					pt = geo.InteriorPoint(d.Territories[j].Geometry)
				}
				members := s.membersOf(al)
				c.addID(al.ID, pt, func(b []byte) []byte { return appendAlliance(b, al, pt, members) })
			}
			c.index(len(d.Alliances), allianceQueryables(d))
			return c
		},
	}
	for _, level := range geo.Levels {
		members := byLevel[level]
		builders[data.CollectionOfLevel(level)] = func() *collection {
			c := newCollection(len(members), true)
			if renderWhenRead(level) {
				c.render = func(b []byte, i int32, geometry func([]byte) []byte) []byte {
					return appendTerritory(b, &d.Territories[members[i]], geometry)
				}
			}
			for _, i := range members {
				t := &d.Territories[i]
				var text func([]byte) []byte // nil: c.render writes it when read
				if c.render == nil {
					text = func(b []byte) []byte {
						return appendTerritory(b, t, func(b []byte) []byte { return dataset.AppendGeometry(b, t.Geometry) })
					}
				}
				c.addCode(t.Code, t.Geometry, text)
			}
			c.index(len(members), territoryQueryables(d, members))
			return c
		}
	}
	out := make(map[string]*collection, len(builders))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for id, build := range builders {
		wg.Go(func() {
			c := build()
			c.done()
			c.digest = c.hash()
			c.meta, _ = data.LookupCollection(id)
			mu.Lock()
			out[id] = c
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// renderWhenRead says whether the territories of a level are written when
// read rather than kept as text (collection.render): the communes and EPCI,
// whose contours have 1.3 million points in the demo (25 MB of text). The
// départements' and régions' 117 000 points are kept written, as a page of
// all of them would cost 10 to 20 ms to write.
func renderWhenRead(l geo.Level) bool {
	return l == geo.LevelCommune || l == geo.LevelEPCI
}

// activeRange is the temporal extent of partnerships: from the first start
// to the last end, open (a zero End) when one has no end; nil for none.
func activeRange(ps []geo.Partnership) *data.Interval {
	if len(ps) == 0 {
		return nil
	}
	r := data.Interval{Start: ps[0].Start, End: ps[0].End}
	for _, p := range ps[1:] {
		if p.Start.Before(r.Start) {
			r.Start = p.Start
		}
		if !r.End.IsZero() && (p.End.IsZero() || p.End.After(r.End)) {
			r.End = p.End
		}
	}
	return &r
}
