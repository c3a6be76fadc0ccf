package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// referencePlaces are PROJ's answers (9.1.1, through PostGIS 3.3.2's
// ST_Transform) for a few places: each corner of metropolitan France, its
// capital, and an overseas point far outside Lambert-93's area of use
// (where the projection is still defined and must agree).
func referencePlaces() []struct {
	name          string
	lonLat        orb.Point
	lambert, merc orb.Point
} {
	return []struct {
		name          string
		lonLat        orb.Point
		lambert, merc orb.Point
	}{
		{"Paris", orb.Point{2.3522, 48.8566},
			orb.Point{652469.0227091359, 6862035.259420079}, orb.Point{261845.70624393807, 6250564.349543125}},
		{"Brest", orb.Point{-4.4861, 48.3904},
			orb.Point{146632.9785275159, 6836262.326655938}, orb.Point{-499390.36764770455, 6172050.986527436}},
		{"Bonifacio", orb.Point{9.1590, 41.3874},
			orb.Point{1216133.1063966937, 6051867.8423318425}, orb.Point{1019575.2161755927, 5069652.10212456}},
		{"Dunkerque", orb.Point{2.3768, 51.0343},
			orb.Point{656187.4293494734, 7104461.774448965}, orb.Point{264584.1657174526, 6627363.239749556}},
		{"Strasbourg", orb.Point{7.7521, 48.5734},
			orb.Point{1050362.6953579267, 6840899.647188027}, orb.Point{862959.8245785361, 6202783.8737762105}},
		{"Saint-Denis (La Réunion)", orb.Point{55.4504, -20.8823},
			orb.Point{10180572.482052576, 546501.2203355432}, orb.Point{6172710.292283337, -2377849.641235542}},
	}
}

func TestProjectionReferencePlaces(t *testing.T) {
	t.Parallel()
	l93, merc := EPSG2154.Projection(), EPSG3857.Projection()
	for _, c := range referencePlaces() {
		if got := l93.Forward(c.lonLat); dist(got, c.lambert) > 1e-4 {
			t.Errorf("%s in EPSG:2154: got %v, want %v (%.2g m apart)", c.name, got, c.lambert, dist(got, c.lambert))
		}
		if got := merc.Forward(c.lonLat); dist(got, c.merc) > 1e-6 {
			t.Errorf("%s in EPSG:3857: got %v, want %v (%.2g m apart)", c.name, got, c.merc, dist(got, c.merc))
		}
		for _, p := range []Projection{l93, merc} {
			if back := p.Inverse(p.Forward(c.lonLat)); dist(back, c.lonLat) > 1e-10 {
				t.Errorf("%s back from %s: got %v, want %v", c.name, p.CRS(), back, c.lonLat)
			}
		}
	}
}

// TestWebMercatorIOGP is the worked example of IOGP guidance note 7-2 for
// method 1024 (Popular Visualisation Pseudo Mercator): 24°22′54.433″N,
// 100°20′W.
func TestWebMercatorIOGP(t *testing.T) {
	t.Parallel()
	lonLat := orb.Point{-(100 + 20.0/60), 24 + 22.0/60 + 54.433/3600}
	want := orb.Point{-11169055.58, 2800000.00}
	if got := EPSG3857.Projection().Forward(lonLat); math.Abs(got[0]-want[0]) > 0.005 || math.Abs(got[1]-want[1]) > 0.005 {
		t.Errorf("got %.3f, want %.2f", got, want)
	}
}

func TestProjectionAxes(t *testing.T) {
	t.Parallel()
	pt := orb.Point{2.35, 48.85}
	if got := CRS84.Projection().Forward(pt); got != pt {
		t.Errorf("CRS84: got %v, want %v", got, pt)
	}
	if got := EPSG4326.Projection().Forward(pt); got != (orb.Point{48.85, 2.35}) {
		t.Errorf("EPSG:4326 is lat/lon: got %v, want [48.85 2.35]", got)
	}
	if got := EPSG4326.Projection().Inverse(orb.Point{48.85, 2.35}); got != pt {
		t.Errorf("EPSG:4326 inverse: got %v, want %v", got, pt)
	}
	if got := (Projection{}).Forward(pt); got != pt {
		t.Errorf("zero Projection: got %v, want the identity", got)
	}
}

// TestProjectionRoundTrip sends random positions over France and the world
// through each projection and back.
func TestProjectionRoundTrip(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2154, 3857))
	for _, c := range CRSs() {
		p := c.Projection()
		worst := 0.0
		for range 10000 {
			ll := orb.Point{rng.Float64()*360 - 180, rng.Float64()*170 - 85}
			back := p.Inverse(p.Forward(ll))
			worst = max(worst, dist(back, ll))
		}
		if worst > 1e-9 {
			t.Errorf("%s: a position came back %.2g° away", c, worst)
		}
	}
}

// TestProjectionWrapsLongitudes: like PROJ, a longitude is taken within
// 180° of the central meridian (PostGIS maps 200°E to -17 811 118.53 m in
// EPSG:3857).
func TestProjectionWrapsLongitudes(t *testing.T) {
	t.Parallel()
	merc := EPSG3857.Projection()
	if got := merc.Forward(orb.Point{200, 10}); math.Abs(got[0]-(-17811118.526923772)) > 1e-6 {
		t.Errorf("200°E in EPSG:3857: got %v, want x -17811118.53", got)
	}
	l93 := EPSG2154.Projection()
	if a, b := l93.Forward(orb.Point{-170, 45}), l93.Forward(orb.Point{190, 45}); dist(a, b) > 1e-6 {
		t.Errorf("EPSG:2154: 170°W gives %v, 190°E %v", a, b)
	}
	if got := l93.Inverse(l93.Forward(orb.Point{-179, 45})); dist(got, orb.Point{-179, 45}) > 1e-9 {
		t.Errorf("EPSG:2154: 179°W came back as %v", got)
	}
}

// TestProjectionEdgeCases loops over nil, empty and degenerate geometries
// and positions at the poles and on the antimeridian: nothing panics,
// shapes are kept, and the positions that have an image get it.
func TestProjectionEdgeCases(t *testing.T) {
	t.Parallel()
	for _, c := range CRSs() {
		p := c.Projection()
		for _, g := range edgeGeometries() {
			got := p.Geometry(g)
			if g == nil {
				if got != nil {
					t.Errorf("%s: nil gave %v", c, got)
				}
				continue
			}
			if _, bound := g.(orb.Bound); !bound && got.GeoJSONType() != g.GeoJSONType() || positions(got) != positions(g) {
				t.Errorf("%s: %v gave %v", c, g, got)
			}
		}
		// Every CRS maps the antimeridian and the North Pole somewhere
		// finite (Web Mercator's pole to a meaningless 2.4e8 m, as PROJ).
		for _, ll := range []orb.Point{{180, 0}, {-180, 45}, {0, 90}} {
			got := p.Forward(ll)
			if math.IsInf(got[0], 0) || math.IsNaN(got[0]) || math.IsInf(got[1], 0) || math.IsNaN(got[1]) {
				t.Errorf("%s: %v gave %v", c, ll, got)
			}
		}
	}
	// Lambert-93 sends the North Pole to the cone's apex.
	if got := EPSG2154.Projection().Forward(orb.Point{0, 90}); dist(got, orb.Point{700000, 12655612.049876}) > 1e-3 {
		t.Errorf("North Pole in EPSG:2154: got %v, want the apex (700000, 12655612.05)", got)
	}
}

// edgeGeometries is the edge-case corpus of the projection tests.
func edgeGeometries() []orb.Geometry {
	return []orb.Geometry{
		nil,
		orb.Point{},
		orb.MultiPoint{},
		orb.LineString{},
		orb.MultiLineString{},
		orb.Polygon{},
		orb.MultiPolygon{},
		orb.Collection{},
		orb.Point{179.9999999, -89},
		orb.MultiPoint{{-180, 0}, {180, 0}},
		orb.LineString{{179, 45}, {-179, 45}},
		orb.MultiLineString{{{2, 46}, {2, 46}}},
		orb.Ring{{2, 46}, {3, 46}, {3, 47}, {2, 46}},
		orb.Polygon{{{2, 46}, {2, 46}, {2, 46}, {2, 46}}},
		orb.MultiPolygon{{{{8, 41}, {10, 41}, {10, 43}, {8, 43}, {8, 41}}, {{8.5, 41.5}, {9, 41.5}, {9, 42}, {8.5, 41.5}}}, {}},
		orb.Collection{orb.Point{2, 46}, orb.LineString{{2, 46}, {3, 47}}},
		orb.Bound{Min: orb.Point{2, 46}, Max: orb.Point{3, 47}},
	}
}

// positions counts a geometry's positions (a Bound as its 5-point ring).
func positions(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 1
	case orb.MultiPoint:
		return len(g)
	case orb.LineString:
		return len(g)
	case orb.Ring:
		return len(g)
	case orb.MultiLineString:
		n := 0
		for _, ls := range g {
			n += len(ls)
		}
		return n
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += positions(p)
		}
		return n
	case orb.Collection:
		n := 0
		for _, c := range g {
			n += positions(c)
		}
		return n
	case orb.Bound:
		return 5
	}
	return 0
}

func TestProjectionGeometryCopies(t *testing.T) {
	t.Parallel()
	ls := orb.LineString{{2.3522, 48.8566}, {4.8357, 45.7640}}
	got := EPSG2154.Projection().Geometry(ls).(orb.LineString)
	if ls[0] != (orb.Point{2.3522, 48.8566}) {
		t.Errorf("Geometry changed its argument: %v", ls)
	}
	if want := (orb.Point{652469.0227091359, 6862035.259420079}); dist(got[0], want) > 1e-4 {
		t.Errorf("first position: got %v, want %v", got[0], want)
	}
}

func dist(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
