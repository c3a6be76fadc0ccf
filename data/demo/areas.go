package demo

import (
	"fmt"

	"github.com/maillage/maillage/data/demo/contours"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// The demo's territories are areas: IGN's contours for every commune and
// the exact unions of communes for EPCIs, départements and régions (package
// contours, embedded). The committed bundle keeps one point for each
// of the communes and EPCIs (their interior points: the areas would weigh
// megabytes of GeoJSON) and coarse outlines of départements and régions,
// whose areas the import format requires; Load gives every exact area back
// (TestLoadGivesTheContours): both stores serve
// the very same polygons, computed once when the dataset is read, never per
// request.
//
// A commune without a contour (7 communes split off a commune nouvelle
// since 2018) keeps a generated point and gets an approximate cell: the
// part of its département nearer to its point than to any other commune's
// (geo.VoronoiCell), flagged approximate. The cell is part of the bundle,
// since it depends on the generated point.

// areaOf returns the contour of a territory, if the set has one.
func areaOf(set *contours.Set, t geo.Territory) (orb.MultiPolygon, bool) {
	var m map[string]orb.MultiPolygon
	switch t.Level {
	case geo.LevelCommune:
		m = set.Communes
	case geo.LevelEPCI:
		m = set.EPCIs
	case geo.LevelDepartement:
		m = set.Departements
	case geo.LevelRegion:
		m = set.Regions
	}
	a, ok := m[t.Code]
	return a, ok
}

// attachAreas gives every territory of ts its contour from set, not
// approximate; a commune without one that is still a point gets the
// approximate cell of its point within its département. It fails when a
// département of a commune has no area.
func attachAreas(ts []geo.Territory, set *contours.Set) error {
	var missing []int
	for i := range ts {
		if a, ok := areaOf(set, ts[i]); ok {
			ts[i].Geometry, ts[i].Approximate = a, false
			continue
		}
		if _, point := ts[i].Geometry.(orb.Point); point && ts[i].Level == geo.LevelCommune {
			missing = append(missing, i)
		}
	}
	// The neighbours of a missing commune: the points of its département's
	// communes, interior points of their contours.
	sites := map[string][]orb.Point{}
	for _, i := range missing {
		dep := ts[i].DepartementCode
		if _, done := sites[dep]; done {
			continue
		}
		var pts []orb.Point
		for _, t := range ts {
			if t.Level == geo.LevelCommune && t.DepartementCode == dep {
				pts = append(pts, geo.InteriorPoint(t.Geometry))
			}
		}
		sites[dep] = pts
	}
	for _, i := range missing {
		t := &ts[i]
		area, ok := set.Departements[t.DepartementCode]
		if !ok {
			return fmt.Errorf("demo: commune %s: département %q has no area", t.Code, t.DepartementCode)
		}
		site := t.Geometry.(orb.Point)
		if cell := geo.VoronoiCell(site, sites[t.DepartementCode], area); len(cell) > 0 {
			t.Geometry = roundMulti(cell)
		}
		t.Approximate = true
	}
	return nil
}

// compactAreas is ts as the bundle writes it: each commune and EPCI whose
// contour the set has as its interior point (Load gives the contour back;
// they are 36 000 of the areas' million points), each région and
// département whose contour the set has as a coarse outline (the import
// format wants areas at those levels; Load gives the exact ones back), the
// others as they are. The régions' and départements' full outlines were
// 2.5 MB of the territories' 14.5 MB of GeoJSON, read first at every start
// only to be replaced. It returns a copy.
func compactAreas(ts []geo.Territory, set *contours.Set) []geo.Territory {
	out := make([]geo.Territory, len(ts))
	copy(out, ts)
	for i := range out {
		area, ok := areaOf(set, out[i])
		switch {
		case !ok:
		case out[i].Level == geo.LevelCommune || out[i].Level == geo.LevelEPCI:
			out[i].Geometry = roundPoint(geo.InteriorPoint(out[i].Geometry))
		default:
			out[i].Geometry = coarseOutline(area)
		}
	}
	return out
}

// outlineTolerance is how far (in degrees, about 1 km) a coarse outline
// strays from the contour.
const outlineTolerance = 0.01

// coarseOutline simplifies an area for the bundle (Douglas-Peucker at
// outlineTolerance), dropping the rings it reduces below a triangle; an
// area that would lose its every ring is kept whole.
func coarseOutline(area orb.MultiPolygon) orb.MultiPolygon {
	simple := simplify.DouglasPeucker(outlineTolerance).MultiPolygon(orb.Clone(area).(orb.MultiPolygon))
	var out orb.MultiPolygon
	for _, poly := range simple {
		var kept orb.Polygon
		for j, r := range poly {
			if len(r) < 4 {
				if j == 0 {
					break // no shell, no polygon
				}
				continue
			}
			kept = append(kept, r)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	if len(out) == 0 {
		return area
	}
	return out
}

// randomIn draws a point inside an area by rejection in its bound, at most
// tries times, and falls back to the area's interior point.
func randomIn(area orb.Geometry, r *rng, tries int) orb.Point {
	mp, ok := area.(orb.MultiPolygon)
	if !ok {
		return geo.InteriorPoint(area)
	}
	b := mp.Bound()
	for range tries {
		p := orb.Point{b.Min[0] + r.float()*(b.Max[0]-b.Min[0]), b.Min[1] + r.float()*(b.Max[1]-b.Min[1])}
		if planar.MultiPolygonContains(mp, p) {
			return roundPoint(p)
		}
	}
	return roundPoint(geo.InteriorPoint(mp))
}
