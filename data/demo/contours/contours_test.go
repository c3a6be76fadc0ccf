package contours

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

var decoded = sync.OnceValues(Load)

func set(t *testing.T) *Set {
	t.Helper()
	s, err := decoded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The current communes of @etalab/decoupage-administratif 6.0.0.
const currentCommunes = 34969

// level is one level of a Set, by name.
type level struct {
	name  string
	areas map[string]orb.MultiPolygon
}

func (s *Set) levels() []level {
	return []level{{"commune", s.Communes}, {"EPCI", s.EPCIs}, {"département", s.Departements}, {"région", s.Regions}}
}

func (s *Set) level(name string) map[string]orb.MultiPolygon {
	for _, l := range s.levels() {
		if l.name == name {
			return l.areas
		}
	}
	panic("no level " + name)
}

func TestCounts(t *testing.T) {
	s := set(t)
	if len(s.Communes)+len(s.Missing) != currentCommunes || len(s.Missing) != 101 {
		t.Errorf("%d communes with a contour and %d without, want %d and 101", len(s.Communes), len(s.Missing), currentCommunes-101)
	}
	if !slices.IsSorted(s.Missing) {
		t.Error("Missing is not sorted")
	}
	for _, code := range s.Missing {
		if _, ok := s.Communes[code]; ok {
			t.Errorf("%s is both missing and drawn", code)
		}
	}
	// Communes re-established after 2018, and one of each collectivité d'outre-mer.
	for _, code := range []string{"14666", "15031", "15035", "15047", "15171", "85165", "85212",
		"97501", "97701", "97801", "98411", "98611", "98735", "98818", "98901"} {
		if !slices.Contains(s.Missing, code) {
			t.Errorf("%s should be missing", code)
		}
	}
	departements := []string{"2A", "2B", "971", "972", "973", "974", "976"}
	for i := 1; i <= 95; i++ {
		if i != 20 {
			departements = append(departements, fmt.Sprintf("%02d", i))
		}
	}
	sort.Strings(departements)
	regions := []string{"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}
	for _, c := range []struct {
		level string
		n     int
		codes []string // all of them, if given
	}{
		{"EPCI", 1255, nil}, // all of epci.json
		{"département", 101, departements},
		{"région", 18, regions},
	} {
		areas := s.level(c.level)
		if len(areas) != c.n {
			t.Errorf("%d %s areas, want %d", len(areas), c.level, c.n)
		}
		if c.codes == nil {
			continue
		}
		var got []string
		for code := range areas {
			got = append(got, code)
		}
		sort.Strings(got)
		if !slices.Equal(got, c.codes) {
			t.Errorf("%s codes: %v, want %v", c.level, got, c.codes)
		}
	}
}

// TestRings checks every ring of every level: closed, four points at least,
// never twice through the same point, shells counter-clockwise and holes
// clockwise and inside their shell, inside France's longitudes and latitudes.
func TestRings(t *testing.T) {
	for _, l := range set(t).levels() {
		bad := 0
		report := func(format string, args ...any) {
			if bad < 10 {
				t.Errorf(l.name+" "+format, args...)
			}
			bad++
		}
		for code, mp := range l.areas {
			if len(mp) == 0 {
				report("%s has no polygon", code)
			}
			for _, poly := range mp {
				for i, r := range poly {
					a := planar.Area(r)
					ok := len(r) >= 4 && r[0] == r[len(r)-1] && (i == 0) == (a > 0) && a != 0
					for _, p := range r {
						ok = ok && p[0] > -62 && p[0] < 56 && p[1] > -22 && p[1] < 52
					}
					if !ok {
						report("%s: ring %d of %d points, area %g, from %v", code, i, len(r), a, r[0])
						continue
					}
					pts := slices.Clone(r[:len(r)-1])
					slices.SortFunc(pts, func(p, q orb.Point) int {
						if c := cmp.Compare(p[0], q[0]); c != 0 {
							return c
						}
						return cmp.Compare(p[1], q[1])
					})
					if len(slices.Compact(pts)) != len(r)-1 {
						report("%s: ring %d, from %v, passes twice through a point", code, i, r[0])
					}
					// The middle of a segment of a hole is on no other ring.
					mid := orb.Point{(r[0][0] + r[1][0]) / 2, (r[0][1] + r[1][1]) / 2}
					if i > 0 && !planar.RingContains(poly[0], mid) {
						report("%s: hole %d, from %v, is outside its shell", code, i, r[0])
					}
				}
			}
		}
	}
}

func TestContains(t *testing.T) {
	s := set(t)
	var (
		bellecour    = orb.Point{4.8320, 45.7578}
		villeurbanne = orb.Point{4.8800, 45.7700}
		vienne       = orb.Point{4.874, 45.525}
		grenoble     = orb.Point{5.7245, 45.1885}
		marseille    = orb.Point{5.3698, 43.2965}
		saintDenis   = orb.Point{55.45, -20.88} // La Réunion
	)
	for _, c := range []struct {
		what   string
		level  string
		code   string
		point  orb.Point
		inside bool
	}{
		{"Lyon, place Bellecour", "commune", "69123", bellecour, true},
		{"Lyon, not Villeurbanne", "commune", "69123", villeurbanne, false},
		{"Villeurbanne", "commune", "69266", villeurbanne, true},
		{"Paris, Hôtel de Ville", "commune", "75056", orb.Point{2.3522, 48.8566}, true},
		{"Paris, bois de Vincennes", "commune", "75056", orb.Point{2.4330, 48.8330}, true},
		{"Paris, bois de Boulogne", "commune", "75056", orb.Point{2.2490, 48.8620}, true},
		{"Paris, not Boulogne-Billancourt", "commune", "75056", orb.Point{2.2400, 48.8350}, false},
		{"Boulogne-Billancourt", "commune", "92012", orb.Point{2.2400, 48.8350}, true},
		{"Marseille, Notre-Dame de la Garde", "commune", "13055", orb.Point{5.3713, 43.2840}, true},
		{"Marseille, gare Saint-Charles", "commune", "13055", orb.Point{5.3806, 43.3027}, true},
		{"Marseille, not Aix", "commune", "13055", orb.Point{5.4474, 43.5297}, false},
		{"Saint-Denis (La Réunion), its centre", "commune", "97411", saintDenis, true},
		{"Cayenne", "commune", "97302", orb.Point{-52.3300, 4.9380}, true},
		{"Mamoudzou", "commune", "97611", orb.Point{45.2279, -12.7806}, true},
		{"Ajaccio", "commune", "2A004", orb.Point{8.7369, 41.9192}, true},
		// Évry-Courcouronnes, merged on 1 January 2019: a point in each former commune.
		{"Évry-Courcouronnes, Évry's cathedral", "commune", "91228", orb.Point{2.4299, 48.6237}, true},
		{"Évry-Courcouronnes, in the former Courcouronnes", "commune", "91228", orb.Point{2.4080, 48.6140}, true},
		// Mont-Dauphin is an enclave of Eygliers: a hole of Eygliers.
		{"Mont-Dauphin, Vauban's fortress", "commune", "05082", orb.Point{6.6240, 44.6690}, true},
		{"Eygliers, not its enclave Mont-Dauphin", "commune", "05052", orb.Point{6.6240, 44.6690}, false},

		{"Métropole de Lyon, Bellecour", "EPCI", "200046977", bellecour, true},
		{"Métropole de Lyon, Villeurbanne", "EPCI", "200046977", villeurbanne, true},
		{"Métropole de Lyon, not Vienne", "EPCI", "200046977", vienne, false},
		{"Métropole d'Aix-Marseille-Provence, Marseille", "EPCI", "200054807", marseille, true},

		{"Rhône, Lyon", "département", "69", bellecour, true},
		{"Isère, not Lyon", "département", "38", bellecour, false},
		{"Isère, Grenoble", "département", "38", grenoble, true},
		{"Isère, Vienne", "département", "38", vienne, true},
		{"La Réunion, Saint-Denis", "département", "974", saintDenis, true},
		{"Corse-du-Sud, Ajaccio", "département", "2A", orb.Point{8.7369, 41.9192}, true},
		// The Enclave des papes (Vaucluse) is a hole of the Drôme.
		{"Vaucluse, Valréas", "département", "84", orb.Point{4.9906, 44.3850}, true},
		{"Drôme, not Valréas", "département", "26", orb.Point{4.9906, 44.3850}, false},

		{"Auvergne-Rhône-Alpes, Lyon", "région", "84", bellecour, true},
		{"Auvergne-Rhône-Alpes, Grenoble", "région", "84", grenoble, true},
		{"Auvergne-Rhône-Alpes, not Marseille", "région", "84", marseille, false},
		{"Auvergne-Rhône-Alpes, not Valréas", "région", "84", orb.Point{4.9906, 44.3850}, false},
		{"Provence-Alpes-Côte d'Azur, Marseille", "région", "93", marseille, true},
		{"La Réunion, Saint-Denis", "région", "04", saintDenis, true},
	} {
		mp, ok := s.level(c.level)[c.code]
		if !ok {
			t.Errorf("%s: no %s %s", c.what, c.level, c.code)
			continue
		}
		if got := planar.MultiPolygonContains(mp, c.point); got != c.inside {
			t.Errorf("%s: %s %s contains %v: %v, want %v", c.what, c.level, c.code, c.point, got, c.inside)
		}
	}
}

// TestSharedBorders checks that neighbours walk the same edges in opposite
// directions, at every level.
func TestSharedBorders(t *testing.T) {
	s := set(t)
	for _, c := range []struct{ level, a, b string }{
		{"commune", "69123", "69266"}, // Lyon, Villeurbanne
		{"commune", "13055", "13002"}, // Marseille, Allauch
		{"commune", "2A004", "2A006"}, // Ajaccio, Afa
		{"commune", "05052", "05082"}, // Eygliers and its enclave Mont-Dauphin
		{"commune", "91228", "91086"}, // Évry-Courcouronnes (merged in 2019), Bondoufle
		// across départements, whose files are separate in the source
		{"commune", "75056", "92012"},      // Paris, Boulogne-Billancourt (Hauts-de-Seine)
		{"commune", "75056", "93066"},      // Paris, Saint-Denis (Seine-Saint-Denis)
		{"commune", "75056", "94080"},      // Paris, Vincennes (Val-de-Marne)
		{"commune", "02232", "60320"},      // Coyolles (Aisne), Ivors (Oise)
		{"commune", "61069", "14764"},      // Cahan (Orne), Pont-d'Ouilly (Calvados)
		{"EPCI", "200046977", "246900575"}, // Métropole de Lyon, CC de l'Est Lyonnais
		{"département", "69", "01"},        // Rhône, Ain
		{"département", "26", "84"},        // Drôme and the Enclave des papes
		{"région", "84", "93"},             // Auvergne-Rhône-Alpes, Provence-Alpes-Côte d'Azur
	} {
		edges := map[[2]orb.Point]bool{}
		for _, poly := range s.level(c.level)[c.a] {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					edges[[2]orb.Point{r[i], r[i+1]}] = true
				}
			}
		}
		shared := 0
		for _, poly := range s.level(c.level)[c.b] {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					if edges[[2]orb.Point{r[i+1], r[i]}] {
						shared++
					}
				}
			}
		}
		if shared == 0 {
			t.Errorf("%s %s and %s share no edge", c.level, c.a, c.b)
		}
	}
}

// near tells whether two sums of areas agree within floating-point rounding.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// TestTotalArea checks that départements and régions cover the communes,
// each once.
func TestTotalArea(t *testing.T) {
	s := set(t)
	sum := func(areas map[string]orb.MultiPolygon) float64 {
		a := 0.0
		for _, mp := range areas {
			a += planar.Area(mp)
		}
		return a
	}
	communes := sum(s.Communes)
	for _, l := range []string{"département", "région"} {
		if a := sum(s.level(l)); !near(a, communes) {
			t.Errorf("the %ss' areas add up to %g, the communes' to %g", l, a, communes)
		}
	}
}

// Métropole de Lyon (SIREN 200046977), its 58 communes.
var metropoleDeLyon = []string{"69123", "69266", "69259", "69256", "69290", "69034", "69029", "69149", "69282",
	"69286", "69275", "69244", "69202", "69204", "69091", "69199", "69081", "69089", "69283", "69069", "69271",
	"69273", "69096", "69276", "69072", "69100", "69143", "69194", "69292", "69088", "69142", "69191", "69279",
	"69040", "69278", "69205", "69044", "69260", "69046", "69063", "69250", "69116", "69127", "69163", "69284",
	"69117", "69296", "69087", "69207", "69003", "69033", "69068", "69293", "69168", "69085", "69153", "69233",
	"69071"}

// TestAgainstDissolve checks one outline against geo.Dissolve of its
// communes: the Métropole de Lyon is one ring.
func TestAgainstDissolve(t *testing.T) {
	s := set(t)
	var parts []orb.MultiPolygon
	for _, code := range metropoleDeLyon {
		mp, ok := s.Communes[code]
		if !ok {
			t.Fatalf("%s has no contour", code)
		}
		parts = append(parts, mp)
	}
	want := geo.Dissolve(parts)
	got := s.EPCIs["200046977"]
	if len(got) != 1 || len(got[0]) != 1 || len(want) != 1 || len(want[0]) != 1 {
		t.Errorf("the Métropole de Lyon is %d polygons, the first of %d rings; geo.Dissolve gives %d; want one ring",
			len(got), len(got[0]), len(want))
	}
	if a, b := planar.Area(got), planar.Area(want); !near(a, b) {
		t.Errorf("the outline's area is %g, geo.Dissolve's %g", a, b)
	}
}

// TestAgainstSources checks the areas against decoupage-administratif
// itself: every current commune is drawn or missing, and the outline of every
// EPCI, département and région has the area of its drawn communes.
func TestAgainstSources(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "node_modules", "@etalab", "decoupage-administratif", "data")
	var coms []struct{ Code, Type, Departement, Region string }
	var epcis []struct {
		Code    string
		Membres []struct{ Code string }
	}
	for name, v := range map[string]any{"communes.json": &coms, "epci.json": &epcis} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			// Under CI=true the install step must have run: fail, not skip.
			if os.Getenv("CI") == "true" {
				t.Fatalf("the npm packages are not installed under CI=true: %v", err)
			}
			t.Skipf("the npm packages are not installed (make test installs them): %v", err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	s := set(t)
	members := map[string]map[string][]string{"EPCI": {}, "département": {}, "région": {}}
	n := 0
	for _, c := range coms {
		if c.Type != "commune-actuelle" {
			continue
		}
		n++
		if _, ok := s.Communes[c.Code]; !ok {
			if !slices.Contains(s.Missing, c.Code) {
				t.Errorf("%s is neither drawn nor missing", c.Code)
			}
			continue
		}
		members["département"][c.Departement] = append(members["département"][c.Departement], c.Code)
		members["région"][c.Region] = append(members["région"][c.Region], c.Code)
	}
	if n != currentCommunes {
		t.Errorf("decoupage-administratif has %d current communes, want %d", n, currentCommunes)
	}
	for _, e := range epcis {
		members["EPCI"][e.Code] = nil
		for _, m := range e.Membres {
			if _, ok := s.Communes[m.Code]; ok {
				members["EPCI"][e.Code] = append(members["EPCI"][e.Code], m.Code)
			}
		}
	}
	for _, l := range []string{"EPCI", "département", "région"} {
		areas := s.level(l)
		if len(areas) != len(members[l]) {
			t.Errorf("%d %s outlines, %d in the sources", len(areas), l, len(members[l]))
		}
		for code, codes := range members[l] {
			mp, ok := areas[code]
			if !ok {
				t.Errorf("%s %s has no outline", l, code)
				continue
			}
			want := 0.0
			for _, c := range codes {
				want += planar.Area(s.Communes[c])
			}
			if got := planar.Area(mp); !near(got, want) {
				t.Errorf("%s %s: the outline's area is %g, its %d communes' %g", l, code, got, len(codes), want)
			}
		}
	}
}

func TestDecodeTime(t *testing.T) {
	start := time.Now()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	points := 0
	for _, l := range s.levels() {
		for _, mp := range l.areas {
			for _, poly := range mp {
				for _, r := range poly {
					points += len(r)
				}
			}
		}
	}
	t.Logf("decoded in %s: %d communes, %d EPCIs, %d départements, %d régions, %d points in all",
		time.Since(start), len(s.Communes), len(s.EPCIs), len(s.Departements), len(s.Regions), points)
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
