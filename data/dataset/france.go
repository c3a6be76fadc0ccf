package dataset

import (
	"fmt"

	"github.com/paulmach/orb"
)

// area is a generous bounding box (EPSG:4326) around one part of France,
// meant to catch swapped or wildly wrong coordinates, not to locate a point.
type area struct {
	name string
	box  orb.Bound
}

// franceAreas lists metropolitan France with Corsica and each DROM; each box
// pads the territory's extent by about 0.1°–0.5°. A function returning an
// array keeps the table immutable.
func franceAreas() [6]area {
	return [6]area{
		{"metropolitan France", orb.Bound{Min: orb.Point{-5.8, 41.0}, Max: orb.Point{10.0, 51.6}}},
		{"Guadeloupe", orb.Bound{Min: orb.Point{-62.0, 15.7}, Max: orb.Point{-60.8, 16.7}}},
		{"Martinique", orb.Bound{Min: orb.Point{-61.4, 14.3}, Max: orb.Point{-60.7, 15.0}}},
		{"Guyane", orb.Bound{Min: orb.Point{-54.8, 2.0}, Max: orb.Point{-51.4, 6.0}}},
		{"La Réunion", orb.Bound{Min: orb.Point{55.1, -21.5}, Max: orb.Point{56.0, -20.7}}},
		{"Mayotte", orb.Bound{Min: orb.Point{44.8, -13.2}, Max: orb.Point{45.5, -12.5}}},
	}
}

// areaOfDepartement returns the area a département code belongs to; unknown
// overseas codes (975, 977, …) have none.
func areaOfDepartement(dep string) (area, bool) {
	all := franceAreas()
	switch dep {
	case "971":
		return all[1], true
	case "972":
		return all[2], true
	case "973":
		return all[3], true
	case "974":
		return all[4], true
	case "976":
		return all[5], true
	}
	if len(dep) == 2 {
		return all[0], true
	}
	return area{}, false
}

// areaOfPoint returns the part of France whose box holds p.
func areaOfPoint(p orb.Point) (area, bool) {
	for _, a := range franceAreas() {
		if a.box.Contains(p) {
			return a, true
		}
	}
	return area{}, false
}

// inRange reports whether p is a valid lon/lat pair.
func inRange(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// checkPoint says what is wrong with the point of an actor: out of range, or
// for an actor in France (dep is its commune's département, "" if unknown)
// swapped or outside the part of France it should be in. "" means good.
func checkPoint(p orb.Point, inFrance bool, dep string) string {
	swapped := orb.Point{p[1], p[0]}
	if !inFrance {
		if !inRange(p) {
			return fmt.Sprintf("lon/lat (%g, %g) out of range -180..180, -90..90", p[0], p[1])
		}
		return ""
	}
	want, known := areaOfDepartement(dep)
	if known && want.box.Contains(p) {
		return ""
	}
	if !known {
		if _, ok := areaOfPoint(p); ok {
			return ""
		}
	}
	if a, ok := areaOfPoint(swapped); ok && (!known || a == want) {
		return fmt.Sprintf("lon/lat (%g, %g) look swapped: (%g, %g) is in %s", p[0], p[1], swapped[0], swapped[1], a.name)
	}
	if !inRange(p) {
		return fmt.Sprintf("lon/lat (%g, %g) out of range -180..180, -90..90", p[0], p[1])
	}
	if a, ok := areaOfPoint(p); ok {
		return fmt.Sprintf("lon/lat (%g, %g) is in %s, but the commune is in %s", p[0], p[1], a.name, want.name)
	}
	if known {
		return fmt.Sprintf("lon/lat (%g, %g) is outside %s, where the commune is", p[0], p[1], want.name)
	}
	return fmt.Sprintf("lon/lat (%g, %g) is outside France but country is FR", p[0], p[1])
}
