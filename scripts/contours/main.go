// Command contours derives the commune contours and the EPCI, département and
// région outlines embedded by data/demo/contours from IGN's Admin Express COG
// 2018 as published by gregoiredavid/france-geojson (one communes file per
// département, 101 départements, simplified by mapshaper with coordinates
// rounded to 1e-5 degree; Licence Ouverte), mapped onto today's communes of
// @etalab/decoupage-administratif 6.0.0. It is run by hand, from the
// repository root, after `npm ci`:
//
//	git clone --bare https://github.com/gregoiredavid/france-geojson /var/tmp/france-geojson.git
//	go run ./scripts/contours -git-dir /var/tmp/france-geojson.git
//
// which reads the communes files at commit 5d34ee6d0140c29f785fdb047d9329f1aab58833
// (16 October 2018, the repository's last) and writes
// data/demo/contours/contours.bin.gz, in about 7 s of CPU. -dir reads a
// checkout instead of a git directory. The output is deterministic.
//
// The steps:
//
//  1. Read every departements/*/communes-*.geojson: 35 357 communes of 2018,
//     coordinates taken as integers in 1e-5 degree (the source's precision, so
//     exactly), outer rings turned counter-clockwise and holes clockwise.
//  2. Map them onto the current communes ("commune-actuelle"): a current
//     commune takes the 2018 shape of its own code, merged with the 2018 shapes
//     of its anciensCodes (codes that are not themselves current communes) by
//     geo.Dissolve. The source's neighbours share their border vertex for
//     vertex, within a département file and across files, so the union is
//     exact; the generator checks that each union's area is the sum of its
//     parts'. Paris, Lyon and Marseille are whole communes in the 2018 file.
//  3. Build the topology of the current communes: a junction is a vertex where
//     the set of rings along the border changes (three or more communes meet,
//     or a border meets the coast); rings are cut at junctions into arcs, and a
//     border between two communes is one arc, walked forward by one and backward
//     by the other. A ring without junction (an island, an enclave) is one
//     closed arc starting at its smallest point.
//  4. Simplify each arc once (Douglas-Peucker, ends fixed, -tolerance in
//     1e-5 degree of latitude, 100 by default: about 11 m, under half a pixel
//     at zoom 12; longitudes scaled by the cosine of the latitude), so both
//     neighbours keep the same border. Points stay on the source's 1e-5 grid
//     (a subset of its points), so no rounding can break the topology. The
//     result is checked: no two segments of any arcs may cross or touch other
//     than at a shared end, no ring may fall under four points or change its
//     winding; the arcs at fault get half the tolerance and the check runs
//     again, down to the source's own points if need be (the source itself
//     passes the check). With the default, 1 199 913 points become 604 004 in
//     104 096 arcs; 3 rounds simplify arcs again 184 times.
//  5. Outline the EPCI (members from epci.json, keyed by SIREN), the
//     départements and the régions (each current commune's departement and
//     region in communes.json), from their communes that have a contour: the
//     arcs their rings walk once (an arc walked forward and backward is a
//     border between two of them) are chained into rings, at a junction taking
//     the arc that turns most sharply with the inside on its left, and a ring
//     is cut wherever it comes back to one of its points. Counter-clockwise
//     rings are shells, clockwise ones holes, each put in the smallest shell
//     around it; shells come by decreasing area. The generator checks that
//     each outline's area is the sum of its communes' (exactly, on the
//     integer grid) and fails otherwise. The communes' own rings are chained
//     again the same way, which cuts the one ring of the source that touches
//     itself (14174 Condé-en-Normandie: a shell and a hole). This gives 1 255
//     EPCI (1 504 polygons, 17 holes), 101 départements (352 polygons, 15
//     holes) and 18 régions (257 polygons, 5 holes); 4 drawn communes (islands
//     of Brittany and Vendée) are in no EPCI.
//  6. Write the arcs and the rings of every level, by arc index, in the format
//     the package doc of data/demo/contours describes, gzip-compressed.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Commit is the france-geojson commit the committed file was derived from.
const Commit = "5d34ee6d0140c29f785fdb047d9329f1aab58833"

// scale turns degrees into the integer grid of the source and of the output.
const scale = 1e5

// pt is a point in 1e-5 degree.
type pt struct{ X, Y int32 }

func (p pt) less(q pt) bool { return p.X < q.X || p.X == q.X && p.Y < q.Y }

// shape is a commune's MultiPolygon: polygons of closed rings, the first one
// counter-clockwise, the others (holes) clockwise.
type shape [][][]pt

// comOutreMer are the collectivités d'outre-mer that Admin Express leaves out.
var comOutreMer = map[string]string{
	"975": "Saint-Pierre-et-Miquelon", "977": "Saint-Barthélemy", "978": "Saint-Martin",
	"984": "Terres australes et antarctiques françaises", "986": "Wallis-et-Futuna",
	"987": "Polynésie française", "988": "Nouvelle-Calédonie", "989": "Clipperton",
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("contours: ")
	gitDir := flag.String("git-dir", "", "a git directory of gregoiredavid/france-geojson (bare or .git)")
	commit := flag.String("commit", Commit, "the france-geojson commit to read with -git-dir")
	dir := flag.String("dir", "", "a checkout of gregoiredavid/france-geojson, instead of -git-dir")
	nodeModules := flag.String("node-modules", "node_modules", "where @etalab/decoupage-administratif is installed")
	out := flag.String("out", "data/demo/contours/contours.bin.gz", "the file to write")
	tolerance := flag.Float64("tolerance", 100, "Douglas-Peucker tolerance, in 1e-5 degree of latitude (100: about 11 m)")
	flag.Parse()
	if (*gitDir == "") == (*dir == "") {
		log.Fatal("give exactly one of -git-dir and -dir")
	}
	start := time.Now()
	src, err := readSource(*gitDir, *commit, *dir)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("read %d communes of 2018 (%s), %d degenerate rings left out", len(src), time.Since(start).Round(time.Millisecond), dropped)
	cur, err := readCommunes(*nodeModules)
	if err != nil {
		log.Fatal(err)
	}
	shapes, missing, err := mapCommunes(src, cur)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d current communes, %d with a shape, %d without", len(cur), len(shapes), len(missing))
	byReason := map[string][]string{}
	var reasons []string
	for _, m := range missing {
		if byReason[m.reason] == nil {
			reasons = append(reasons, m.reason)
		}
		byReason[m.reason] = append(byReason[m.reason], m.code+" "+m.name)
	}
	for _, r := range reasons {
		log.Printf("  %d without shape, %s: %s", len(byReason[r]), r, strings.Join(byReason[r], ", "))
	}
	topo, err := buildTopology(shapes)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("topology: %d rings, %d arcs, %d points", len(topo.rings), len(topo.arcs), topo.points())
	if n := len(topo.conflicts(topo.arcs)); n > 0 {
		log.Printf("in the source itself, %d pairs of arcs touch or cross", n)
	}
	simplified, badRings, badPairs := topo.simplify(*tolerance)
	n := 0
	for _, a := range simplified {
		n += len(a)
	}
	log.Printf("simplified to %d points", n)
	if badRings > 0 || badPairs > 0 {
		log.Fatalf("%d rings too small or turned over and %d pairs of arcs touching or crossing, as in the source", badRings, badPairs)
	}
	var codes []string
	for _, m := range missing {
		codes = append(codes, m.code)
	}
	epcis, departements, regions, err := readGroups(*nodeModules, cur, topo)
	if err != nil {
		log.Fatal(err)
	}
	communes, err := topo.communeLevel(simplified)
	if err != nil {
		log.Fatal(err)
	}
	levels := []level{communes}
	for _, g := range []struct {
		name string
		g    groups
	}{{"EPCI", epcis}, {"départements", departements}, {"régions", regions}} {
		l, err := topo.outlineLevel(g.name, g.g, simplified)
		if err != nil {
			log.Fatal(err)
		}
		levels = append(levels, l)
	}
	raw := encode(simplified, codes, levels)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d bytes (%d before gzip) in %s", *out, buf.Len(), len(raw), time.Since(start).Round(time.Millisecond))
}

// communesFile matches the per-département communes files.
var communesFile = regexp.MustCompile(`^departements/[^/]+/communes-[^/]+\.geojson$`)

// readSource reads the 2018 communes of every département file.
func readSource(gitDir, commit, dir string) (map[string]shape, error) {
	var files []string
	read := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
	if gitDir != "" {
		list, err := exec.Command("git", "--git-dir", gitDir, "ls-tree", "-r", "--name-only", commit, "--", "departements").Output()
		if err != nil {
			return nil, fmt.Errorf("git ls-tree: %w", err)
		}
		files = strings.Fields(string(list))
		read = func(name string) ([]byte, error) {
			b, err := exec.Command("git", "--git-dir", gitDir, "cat-file", "blob", commit+":"+name).Output()
			if err != nil {
				return nil, fmt.Errorf("git cat-file %s: %w", name, err)
			}
			return b, nil
		}
	} else {
		matches, err := filepath.Glob(filepath.Join(dir, "departements", "*", "communes-*.geojson"))
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			rel, _ := filepath.Rel(dir, m)
			files = append(files, filepath.ToSlash(rel))
		}
	}
	out := map[string]shape{}
	nfiles := 0
	for _, name := range files {
		if !communesFile.MatchString(name) {
			continue
		}
		nfiles++
		b, err := read(name)
		if err != nil {
			return nil, err
		}
		var fc struct {
			Features []struct {
				Properties struct {
					Code string `json:"code"`
				} `json:"properties"`
				Geometry struct {
					Type        string          `json:"type"`
					Coordinates json.RawMessage `json:"coordinates"`
				} `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, f := range fc.Features {
			var polys [][][][2]float64
			switch f.Geometry.Type {
			case "Polygon":
				var p [][][2]float64
				err = json.Unmarshal(f.Geometry.Coordinates, &p)
				polys = [][][][2]float64{p}
			case "MultiPolygon":
				err = json.Unmarshal(f.Geometry.Coordinates, &polys)
			default:
				err = fmt.Errorf("a %s geometry", f.Geometry.Type)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: commune %s: %w", name, f.Properties.Code, err)
			}
			if _, dup := out[f.Properties.Code]; dup {
				return nil, fmt.Errorf("%s: commune %s appears twice", name, f.Properties.Code)
			}
			s, err := toShape(polys)
			if err != nil {
				return nil, fmt.Errorf("%s: commune %s: %w", name, f.Properties.Code, err)
			}
			out[f.Properties.Code] = s
		}
	}
	if nfiles != 101 {
		return nil, fmt.Errorf("found %d communes files, want 101", nfiles)
	}
	return out, nil
}

// dropped counts the source's degenerate rings (under four points or of
// zero area), left out.
var dropped int

// toShape puts GeoJSON coordinates on the integer grid, closes and orients
// the rings and drops consecutive repeated points.
func toShape(polys [][][][2]float64) (shape, error) {
	var s shape
	for _, poly := range polys {
		var rings [][]pt
		for i, r := range poly {
			var ring []pt
			for _, c := range r {
				x, y := math.Round(c[0]*scale), math.Round(c[1]*scale)
				if math.Abs(x-c[0]*scale) > 1e-3 || math.Abs(y-c[1]*scale) > 1e-3 {
					return nil, fmt.Errorf("point %v is off the 1e-5 grid", c)
				}
				p := pt{int32(x), int32(y)}
				if len(ring) > 0 && ring[len(ring)-1] == p {
					continue
				}
				ring = append(ring, p)
			}
			if len(ring) > 0 && ring[0] != ring[len(ring)-1] {
				ring = append(ring, ring[0])
			}
			if len(ring) < 4 || area2(ring) == 0 {
				dropped++
				if i == 0 {
					break // a hole without its outer ring means nothing
				}
				continue
			}
			if a := area2(ring); (a > 0) != (i == 0) {
				reverse(ring)
			}
			rings = append(rings, ring)
		}
		if len(rings) > 0 {
			s = append(s, rings)
		}
	}
	if len(s) == 0 {
		return nil, fmt.Errorf("no ring left")
	}
	return s, nil
}

// area2 is twice the signed area of a closed ring, positive counter-clockwise.
func area2(r []pt) int64 {
	if len(r) == 0 {
		return 0
	}
	x0, y0 := int64(r[0].X), int64(r[0].Y)
	var s int64
	for i := 0; i+1 < len(r); i++ {
		ax, ay := int64(r[i].X)-x0, int64(r[i].Y)-y0
		bx, by := int64(r[i+1].X)-x0, int64(r[i+1].Y)-y0
		s += ax*by - bx*ay
	}
	return s
}

func reverse(r []pt) {
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
}

// current is a current commune of decoupage-administratif.
type current struct {
	Code         string   `json:"code"`
	Name         string   `json:"nom"`
	Type         string   `json:"type"`
	Departement  string   `json:"departement"`
	Region       string   `json:"region"`
	AnciensCodes []string `json:"anciensCodes"`
}

func readCommunes(nodeModules string) ([]current, error) {
	path := filepath.Join(nodeModules, "@etalab", "decoupage-administratif", "data", "communes.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run `npm ci` in the repository root)", err)
	}
	var all []current
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []current
	for _, c := range all {
		if c.Type == "commune-actuelle" {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// missingCommune is a current commune without a 2018 shape.
type missingCommune struct{ code, name, reason string }

// mapCommunes gives each current commune its 2018 shape, merged with the
// shapes of the communes it absorbed since.
func mapCommunes(src map[string]shape, cur []current) (map[string]shape, []missingCommune, error) {
	isCurrent := map[string]bool{}
	for _, c := range cur {
		isCurrent[c.Code] = true
	}
	claimed := map[string]string{}
	out := map[string]shape{}
	var missing []missingCommune
	merged := 0
	for _, c := range cur {
		var codes []string
		if _, ok := src[c.Code]; ok {
			codes = append(codes, c.Code)
		}
		for _, a := range c.AnciensCodes {
			if _, ok := src[a]; ok && a != c.Code && !isCurrent[a] {
				codes = append(codes, a)
			}
		}
		for _, code := range codes {
			if other, dup := claimed[code]; dup {
				return nil, nil, fmt.Errorf("the 2018 commune %s goes to both %s and %s", code, other, c.Code)
			}
			claimed[code] = c.Code
		}
		switch len(codes) {
		case 0:
			reason := "no 2018 code: split off after 2018 from a commune that keeps the whole 2018 shape"
			if name, ok := comOutreMer[c.Departement]; ok {
				reason = "collectivité d'outre-mer, not in Admin Express: " + name
			}
			missing = append(missing, missingCommune{c.Code, c.Name, reason})
		case 1:
			out[c.Code] = src[codes[0]]
		default:
			parts := make([]shape, len(codes))
			for i, code := range codes {
				parts[i] = src[code]
			}
			s, err := union(parts)
			if err != nil {
				return nil, nil, fmt.Errorf("commune %s (%s from %v): %w", c.Code, c.Name, codes, err)
			}
			out[c.Code] = s
			merged++
		}
	}
	var unclaimed []string
	for code := range src {
		if _, ok := claimed[code]; !ok {
			unclaimed = append(unclaimed, code)
		}
	}
	sort.Strings(unclaimed)
	if len(unclaimed) > 0 {
		return nil, nil, fmt.Errorf("%d communes of 2018 go to no current commune: %v", len(unclaimed), unclaimed)
	}
	log.Printf("%d current communes are unions of several communes of 2018", merged)
	return out, missing, nil
}
