package demo

import (
	"math"
	"sort"

	"github.com/maillage/maillage/data/demo/contours"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// geography is the real territorial frame the synthetic rows are laid on.
type geography struct {
	regions      []geo.Territory
	departements []geo.Territory
	epcis        []geo.Territory
	communes     []geo.Territory
	byCode       map[string]*geo.Territory // communes and EPCIs, whose codes are unique
	depName      map[string]string
	regionSeat   map[string]string    // région code → chef-lieu commune
	depSeat      map[string]string    // département code → chef-lieu commune
	epciSeat     map[string]string    // EPCI code → its most populous commune
	anchor       map[string]orb.Point // commune code → its interior point
	places       *rng                 // draws actors' places inside their communes
}

// name returns a territory's name; byCode cannot tell a région from a
// département with the same code, so the level decides.
func (g *geography) name(level geo.Level, code string) string {
	switch level {
	case geo.LevelDepartement:
		return g.depName[code]
	case geo.LevelRegion:
		for _, r := range g.regions {
			if r.Code == code {
				return r.Name
			}
		}
	}
	if t := g.byCode[code]; t != nil && t.Level == level {
		return t.Name
	}
	return code
}

// place returns the hierarchy codes of a commune.
func (g *geography) place(commune string) geo.Place {
	t := g.byCode[commune]
	if t == nil {
		return geo.Place{}
	}
	return geo.Place{Country: "FR", Commune: t.Code, EPCI: t.EPCICode, Departement: t.DepartementCode, Region: t.RegionCode}
}

// localKey groups communes that are "local" to each other: their EPCI, or the
// commune itself when it belongs to none (a few islands).
func localKey(p geo.Place) string {
	if p.EPCI != "" {
		return p.EPCI
	}
	return p.Commune
}

// buildGeography turns the sources into the four territorial levels, each
// territory an area of set (areas.go). A commune set has no contour for
// keeps a generated point — each EPCI's communes gather around a random
// centre inside their département — and attachAreas gives it its
// approximate cell. places draws the actors' places (pointIn), apart from
// r so that no other draw depends on them.
func buildGeography(src *sources, set *contours.Set, r, places *rng) (*geography, error) {
	g := &geography{byCode: map[string]*geo.Territory{}, depName: map[string]string{},
		regionSeat: map[string]string{}, depSeat: map[string]string{}, epciSeat: map[string]string{},
		anchor: map[string]orb.Point{}, places: places}
	epciOf := map[string]string{}
	for _, e := range src.epcis {
		for _, m := range e.Members {
			epciOf[m.Code] = e.Code
		}
	}
	depPop := map[string]int64{}
	regPop := map[string]int64{}
	for _, c := range src.communes {
		depPop[c.Departement] += c.Population
		regPop[c.Region] += c.Population
	}
	for _, d := range src.departments {
		g.depName[d.Code] = d.Name
		g.depSeat[d.Code] = d.ChefLieu
		area, ok := set.Departements[d.Code]
		if !ok {
			area = roundMulti(src.depPolygons[d.Code])
		}
		g.departements = append(g.departements, geo.Territory{
			Code: d.Code, Name: d.Name, Level: geo.LevelDepartement, RegionCode: d.Region,
			Population: depPop[d.Code], Geometry: area,
		})
	}
	for _, reg := range src.regions {
		var parts []orb.MultiPolygon
		for _, d := range g.departements {
			if d.RegionCode == reg.Code {
				parts = append(parts, d.Geometry.(orb.MultiPolygon))
			}
		}
		g.regionSeat[reg.Code] = reg.ChefLieu
		area, ok := set.Regions[reg.Code]
		if !ok {
			area = geo.Dissolve(parts)
		}
		g.regions = append(g.regions, geo.Territory{
			Code: reg.Code, Name: reg.Name, Level: geo.LevelRegion,
			Population: regPop[reg.Code], Geometry: area,
		})
	}

	points := placeCommunes(src, epciOf, r)
	for _, c := range src.communes {
		g.communes = append(g.communes, geo.Territory{
			Code: c.Code, Name: c.Name, Level: geo.LevelCommune, RegionCode: c.Region,
			DepartementCode: c.Departement, EPCICode: epciOf[c.Code], Population: c.Population,
			Geometry: points[c.Code], Approximate: true,
		})
	}
	if err := attachAreas(g.communes, set); err != nil {
		return nil, err
	}
	for i := range g.communes {
		c := &g.communes[i]
		g.byCode[c.Code] = c
		if p, ok := points[c.Code]; ok && c.Approximate {
			g.anchor[c.Code] = p // its cell's site
		} else {
			g.anchor[c.Code] = roundPoint(geo.InteriorPoint(c.Geometry))
		}
	}
	for _, e := range src.epcis {
		t := geo.Territory{Code: e.Code, Name: e.Name, Level: geo.LevelEPCI}
		var seat *geo.Territory
		deps, regs := map[string]bool{}, map[string]bool{}
		for _, m := range e.Members {
			c := g.byCode[m.Code]
			if c == nil {
				continue
			}
			t.Population += c.Population
			deps[c.DepartementCode], regs[c.RegionCode] = true, true
			if seat == nil || c.Population > seat.Population {
				seat = c
			}
		}
		if seat == nil {
			continue // an EPCI outside the 101 départements
		}
		if area, ok := set.EPCIs[e.Code]; ok {
			t.Geometry = area
		} else { // its most populous commune's point: always inside it
			t.Geometry, t.Approximate = g.anchor[seat.Code], true
		}
		g.epciSeat[e.Code] = seat.Code
		if len(deps) == 1 {
			t.DepartementCode = seat.DepartementCode
		}
		if len(regs) == 1 {
			t.RegionCode = seat.RegionCode
		}
		g.epcis = append(g.epcis, t)
	}
	for i := range g.epcis {
		g.byCode[g.epcis[i].Code] = &g.epcis[i]
	}
	return g, nil
}

// placeCommunes generates one point per commune inside its département: a
// commune without a contour keeps it (see buildGeography).
func placeCommunes(src *sources, epciOf map[string]string, r *rng) map[string]orb.Point {
	type group struct {
		key      string
		communes []cogCommune
	}
	byDep := map[string][]*group{}
	index := map[string]*group{}
	for _, c := range src.communes {
		key := c.Departement + "/" + epciOf[c.Code]
		if epciOf[c.Code] == "" {
			key = c.Departement + "/" + c.Code
		}
		gr := index[key]
		if gr == nil {
			gr = &group{key: key}
			index[key] = gr
			byDep[c.Departement] = append(byDep[c.Departement], gr)
		}
		gr.communes = append(gr.communes, c)
	}
	out := map[string]orb.Point{}
	for _, d := range src.departments {
		poly := src.depPolygons[d.Code]
		b := poly.Bound()
		groups := byDep[d.Code]
		n := 0
		for _, gr := range groups {
			n += len(gr.communes)
		}
		// A département's "radius" in degrees, from its area.
		radius := math.Sqrt(math.Abs(planar.Area(poly)) / math.Pi)
		for _, gr := range groups {
			centre := randomInside(poly, b, r)
			spread := 0.55 * radius * math.Sqrt(float64(len(gr.communes))/float64(n))
			for _, c := range gr.communes {
				p := centre
				for try := 0; try < 30; try++ {
					q := orb.Point{centre[0] + spread*r.normal()/math.Cos(centre[1]*math.Pi/180)*0.7, centre[1] + spread*r.normal()*0.7}
					if planar.MultiPolygonContains(poly, q) {
						p = q
						break
					}
				}
				out[c.Code] = roundPoint(p)
			}
		}
	}
	return out
}

// randomInside draws a uniform point inside a polygon by rejection in its bound.
func randomInside(poly orb.MultiPolygon, b orb.Bound, r *rng) orb.Point {
	for {
		p := orb.Point{b.Min[0] + r.float()*(b.Max[0]-b.Min[0]), b.Min[1] + r.float()*(b.Max[1]-b.Min[1])}
		if planar.MultiPolygonContains(poly, p) {
			return p
		}
	}
}

// roundPoint keeps 6 decimals (about 10 cm), well within the 7 decimals served.
func roundPoint(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e6) / 1e6, math.Round(p[1]*1e6) / 1e6}
}

func roundMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, ring := range poly {
			out[i][j] = make(orb.Ring, len(ring))
			for k, p := range ring {
				out[i][j][k] = roundPoint(p)
			}
		}
	}
	return out
}

// weightedCommunes samples commune codes in proportion to population.
type weightedCommunes struct {
	codes []string
	cum   []float64
}

func newWeightedCommunes(communes []geo.Territory, keep func(*geo.Territory) bool) *weightedCommunes {
	w := &weightedCommunes{}
	total := 0.0
	for i := range communes {
		if keep != nil && !keep(&communes[i]) {
			continue
		}
		total += float64(communes[i].Population) + 1
		w.codes = append(w.codes, communes[i].Code)
		w.cum = append(w.cum, total)
	}
	return w
}

func (w *weightedCommunes) draw(r *rng) string {
	x := r.float() * w.cum[len(w.cum)-1]
	i := sort.SearchFloat64s(w.cum, x)
	if i >= len(w.codes) {
		i = len(w.codes) - 1
	}
	return w.codes[i]
}
