package contours

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

var decoded = sync.OnceValues(Communes)

func communes(t *testing.T) map[string]orb.MultiPolygon {
	t.Helper()
	all, err := decoded()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// The current communes of @etalab/decoupage-administratif 6.0.0.
const currentCommunes = 34969

func TestCounts(t *testing.T) {
	all := communes(t)
	missing, err := Missing()
	if err != nil {
		t.Fatal(err)
	}
	if len(all)+len(missing) != currentCommunes || len(missing) != 101 {
		t.Errorf("%d communes with a contour and %d without, want %d and 101", len(all), len(missing), currentCommunes-101)
	}
	if !slices.IsSorted(missing) {
		t.Error("Missing is not sorted")
	}
	for _, code := range missing {
		if _, ok := all[code]; ok {
			t.Errorf("%s is both missing and drawn", code)
		}
	}
	// Communes re-established after 2018, and one of each collectivité d'outre-mer.
	for _, code := range []string{"14666", "15031", "15035", "15047", "15171", "85165", "85212",
		"97501", "97701", "97801", "98411", "98611", "98735", "98818", "98901"} {
		if !slices.Contains(missing, code) {
			t.Errorf("%s should be missing", code)
		}
	}
}

// TestRings checks every ring: closed, four points at least, outer rings
// counter-clockwise and holes clockwise, inside France's longitudes and
// latitudes.
func TestRings(t *testing.T) {
	bad := 0
	for code, mp := range communes(t) {
		if len(mp) == 0 {
			t.Errorf("%s has no polygon", code)
		}
		for _, poly := range mp {
			for i, r := range poly {
				a := planar.Area(r)
				ok := len(r) >= 4 && r[0] == r[len(r)-1] && (i == 0) == (a > 0) && a != 0
				for _, p := range r {
					ok = ok && p[0] > -62 && p[0] < 56 && p[1] > -22 && p[1] < 52
				}
				if !ok && bad < 10 {
					t.Errorf("%s: ring %d of %d points, area %g, from %v", code, i, len(r), a, r[0])
				}
				if !ok {
					bad++
				}
			}
		}
	}
}

func TestContains(t *testing.T) {
	all := communes(t)
	for _, c := range []struct {
		what   string
		code   string
		point  orb.Point
		inside bool
	}{
		{"Lyon, place Bellecour", "69123", orb.Point{4.8320, 45.7578}, true},
		{"Lyon, not Villeurbanne", "69123", orb.Point{4.8800, 45.7700}, false},
		{"Villeurbanne", "69266", orb.Point{4.8800, 45.7700}, true},
		{"Paris, Hôtel de Ville", "75056", orb.Point{2.3522, 48.8566}, true},
		{"Paris, bois de Vincennes", "75056", orb.Point{2.4330, 48.8330}, true},
		{"Paris, bois de Boulogne", "75056", orb.Point{2.2490, 48.8620}, true},
		{"Paris, not Boulogne-Billancourt", "75056", orb.Point{2.2400, 48.8350}, false},
		{"Boulogne-Billancourt", "92012", orb.Point{2.2400, 48.8350}, true},
		{"Marseille, Notre-Dame de la Garde", "13055", orb.Point{5.3713, 43.2840}, true},
		{"Marseille, gare Saint-Charles", "13055", orb.Point{5.3806, 43.3027}, true},
		{"Marseille, not Aix", "13055", orb.Point{5.4474, 43.5297}, false},
		{"Saint-Denis (La Réunion), its centre", "97411", orb.Point{55.45, -20.88}, true},
		{"Cayenne", "97302", orb.Point{-52.3300, 4.9380}, true},
		{"Mamoudzou", "97611", orb.Point{45.2279, -12.7806}, true},
		{"Ajaccio", "2A004", orb.Point{8.7369, 41.9192}, true},
		// Évry-Courcouronnes, merged on 1 January 2019: a point in each former commune.
		{"Évry-Courcouronnes, Évry's cathedral", "91228", orb.Point{2.4299, 48.6237}, true},
		{"Évry-Courcouronnes, in the former Courcouronnes", "91228", orb.Point{2.4080, 48.6140}, true},
		// Mont-Dauphin is an enclave of Eygliers: a hole of Eygliers.
		{"Mont-Dauphin, Vauban's fortress", "05082", orb.Point{6.6240, 44.6690}, true},
		{"Eygliers, not its enclave Mont-Dauphin", "05052", orb.Point{6.6240, 44.6690}, false},
	} {
		if got := planar.MultiPolygonContains(all[c.code], c.point); got != c.inside {
			t.Errorf("%s: %s contains %v: %v, want %v", c.what, c.code, c.point, got, c.inside)
		}
	}
}

// TestSharedBorders checks that neighbours walk the same edges in opposite
// directions, within a département and across départements.
func TestSharedBorders(t *testing.T) {
	all := communes(t)
	for _, c := range []struct{ a, b string }{
		{"69123", "69266"}, // Lyon, Villeurbanne
		{"13055", "13002"}, // Marseille, Allauch
		{"2A004", "2A006"}, // Ajaccio, Afa
		{"05052", "05082"}, // Eygliers and its enclave Mont-Dauphin
		{"91228", "91086"}, // Évry-Courcouronnes (merged in 2019), Bondoufle
		// across départements, whose files are separate in the source
		{"75056", "92012"}, // Paris, Boulogne-Billancourt (Hauts-de-Seine)
		{"75056", "93066"}, // Paris, Saint-Denis (Seine-Saint-Denis)
		{"75056", "94080"}, // Paris, Vincennes (Val-de-Marne)
		{"02232", "60320"}, // Coyolles (Aisne), Ivors (Oise)
		{"61069", "14764"}, // Cahan (Orne), Pont-d'Ouilly (Calvados)
	} {
		edges := map[[2]orb.Point]bool{}
		for _, poly := range all[c.a] {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					edges[[2]orb.Point{r[i], r[i+1]}] = true
				}
			}
		}
		shared := 0
		for _, poly := range all[c.b] {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					if edges[[2]orb.Point{r[i+1], r[i]}] {
						shared++
					}
				}
			}
		}
		if shared == 0 {
			t.Errorf("%s and %s share no edge", c.a, c.b)
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

func TestDissolveEPCI(t *testing.T) {
	all := communes(t)
	var parts []orb.MultiPolygon
	area := 0.0
	for _, code := range metropoleDeLyon {
		mp, ok := all[code]
		if !ok {
			t.Fatalf("%s has no contour", code)
		}
		parts = append(parts, mp)
		area += planar.Area(mp)
	}
	got := geo.Dissolve(parts)
	if len(got) != 1 || len(got[0]) != 1 {
		t.Errorf("the Métropole de Lyon dissolves into %d polygons, the first of %d rings; want one ring", len(got), len(got[0]))
	}
	if a := planar.Area(got); a < area*(1-1e-9) || a > area*(1+1e-9) {
		t.Errorf("the union's area is %g, its communes' %g", a, area)
	}
	for _, p := range []orb.Point{{4.8320, 45.7578}, {4.8800, 45.7700}} {
		if !planar.MultiPolygonContains(got, p) {
			t.Errorf("the Métropole de Lyon does not contain %v", p)
		}
	}
}

// TestAgainstSources checks the communes against decoupage-administratif
// itself: every current commune is drawn or missing, and every EPCI dissolves
// into as many pieces as it has islands and exclaves (a handful), never into
// slivers.
func TestAgainstSources(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "node_modules", "@etalab", "decoupage-administratif", "data")
	var coms []struct{ Code, Type string }
	var epcis []struct {
		Code    string
		Nom     string
		Membres []struct{ Code string }
	}
	for name, v := range map[string]any{"communes.json": &coms, "epci.json": &epcis} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("the npm packages are not installed (make test installs them): %v", err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	all := communes(t)
	missing, _ := Missing()
	n := 0
	for _, c := range coms {
		if c.Type != "commune-actuelle" {
			continue
		}
		n++
		if _, ok := all[c.Code]; !ok && !slices.Contains(missing, c.Code) {
			t.Errorf("%s is neither drawn nor missing", c.Code)
		}
	}
	if n != currentCommunes {
		t.Errorf("decoupage-administratif has %d current communes, want %d", n, currentCommunes)
	}
	pieces := map[int]int{}
	holes := 0
	for _, e := range epcis {
		var parts []orb.MultiPolygon
		area := 0.0
		for _, m := range e.Membres {
			if mp, ok := all[m.Code]; ok {
				parts = append(parts, mp)
				area += planar.Area(mp)
			}
		}
		got := geo.Dissolve(parts)
		pieces[len(got)]++
		for _, p := range got {
			holes += len(p) - 1
		}
		if a := planar.Area(got); a < area*(1-1e-9) || a > area*(1+1e-9) {
			t.Errorf("EPCI %s %s: the union's area is %g, its communes' %g", e.Code, e.Nom, a, area)
		}
	}
	t.Logf("%d EPCIs by number of polygons after dissolving: %v; %d holes in all", len(epcis), pieces, holes)
}

func TestDecodeTime(t *testing.T) {
	start := time.Now()
	if _, err := Communes(); err != nil {
		t.Fatal(err)
	}
	t.Logf("decoded in %s", time.Since(start))
}

func BenchmarkCommunes(b *testing.B) {
	for b.Loop() {
		if _, err := Communes(); err != nil {
			b.Fatal(err)
		}
	}
}
