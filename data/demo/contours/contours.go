// Package contours holds the contours of France's current communes and the
// outlines of its EPCI, départements and régions, embedded: IGN's Admin
// Express COG 2018 (as published, simplified, by gregoiredavid/france-geojson;
// Licence Ouverte, see NOTICE) mapped onto the 34 969 communes of
// @etalab/decoupage-administratif 6.0.0 and simplified once more so that
// neighbours keep sharing their border exactly. It does no I/O beyond the
// embedded file; scripts/contours writes that file.
//
// Load returns every area, by level, keyed by code: communes by INSEE code
// (34 868), EPCI by SIREN (all 1 255 of epci.json), départements by code (101:
// 01 to 95 with 2A and 2B, and 971 to 974 and 976) and régions by code (18).
// Areas are in longitude/latitude (EPSG:4326), rings closed, outer rings
// (shells) counter-clockwise and holes clockwise, as RFC 7946 asks, each hole
// inside its shell; rings never cross and never pass twice through a point
// (a hole may touch its shell, two shells may touch). Load takes about 70 ms
// of CPU (on the 2-core Xeon server it was measured on, GC included): it
// gunzips 2.6 MB into 3.2 MB and lays out 1.39 million points, allocating
// 51 MB in about 4 200 allocations, of which the Set keeps about 25 MB: the
// rings of all levels share one point array.
//
// A commune merged since 2018 is the exact union of its 2018 communes; Paris,
// Lyon and Marseille are whole communes. Two neighbours share their border
// point for point (walked in opposite directions), at every level. An EPCI,
// a département or a région is the exact union of its communes that have a
// contour (EPCI membership from epci.json, département and région from each
// commune in communes.json): its outline is made of the very borders of its
// communes, cut where they leave it, and its area is the sum of theirs (the
// generator checks this on the integer grid, the tests in floating point).
// Shells come by decreasing area. The one commune whose ring passes twice
// through a point in the source, 14174 Condé-en-Normandie, has it cut there
// into a shell and a hole.
//
// 101 current communes have no contour (Set.Missing lists them): the 94 of the
// collectivités d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy,
// Saint-Martin, the TAAF, Wallis-et-Futuna, French Polynesia, New Caledonia,
// Clipperton), which Admin Express leaves out, and 7 communes re-established
// after 2018 out of a commune nouvelle, which had no code of their own in 2018:
// 14666 Sannerville (out of 14712 Saline, now Troarn), 15031 Celles, 15035
// Chalinargues, 15047 Chavagnac and 15171 Sainte-Anastasie (out of 15141
// Neussargues en Pinatelle, now Neussargues-Moissac), 85165 L'Oie and 85212
// Sainte-Florence (out of 85084 Essarts-en-Bocage). The communes they left keep
// the whole 2018 shape, so they cover them (and the EPCI, département and
// région outlines do too); other border changes since 2018 are not followed
// either. The collectivités d'outre-mer, in no EPCI, have no département or
// région outline.
//
// # Format
//
// contours.bin.gz is gzip over a byte string of unsigned varints (u) and
// zigzag signed varints (s), as encoding/binary writes them; a string is u
// length then its bytes. Coordinates are integers in 1e-5 degree, the
// source's own grid: every point is a point of the source.
//
//	"MCC2"
//	u missing count, then each missing commune's code (string)
//	u arc count, then for each arc:
//	    u point count (≥ 2), then for each point s Δlongitude, s Δlatitude
//	    from the previous point of the file (the first from 0,0)
//	four levels, in this order: communes, EPCI, départements, régions; each:
//	    u area count, then for each area, by code:
//	        code (string), u polygon count, then for each polygon:
//	            u ring count (shell first), then for each ring:
//	                u arc count, then for each arc s Δref from the previous
//	                ref of the file (the first from 0); ref i walks arc i
//	                forward, ^i (-i-1) walks it backward
//
// A ring is its arcs end to end, each arc's first point being the previous
// arc's last (written once); the last arc ends on the first point. Arcs run
// between junctions (points where three communes meet, or a border meets the
// coast or a frontier), so a border between two communes is one arc walked
// forward by one and backward by the other; a ring without junction (an
// island, an enclave) is one closed arc. The outline of an EPCI, a
// département or a région is the arcs its communes' rings walk once (an arc
// walked twice is a border between two of its communes), chained.
package contours

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

//go:embed contours.bin.gz
var contoursGz []byte

const magic = "MCC2"

// Set is every area of the file, by level, keyed by code (SIREN for EPCI).
type Set struct {
	Communes, EPCIs, Departements, Regions map[string]orb.MultiPolygon
	Missing                                []string // current communes without a contour, sorted
}

// Load decodes the file: about 70 ms of CPU, 51 MB allocated. Each call
// decodes it anew and the caller owns the result; the rings of all areas
// share one backing array (each slice capped, so appending to one copies it).
func Load() (*Set, error) {
	d, err := open()
	if err != nil {
		return nil, err
	}
	return d.set()
}

var errCorrupt = errors.New("contours: contours.bin.gz is corrupt")

// decoder reads the unzipped file.
type decoder struct {
	b   []byte
	err error
}

func open() (*decoder, error) {
	zr, err := gzip.NewReader(bytes.NewReader(contoursGz))
	if err != nil {
		return nil, fmt.Errorf("contours: %w", err)
	}
	// gzip ends with the size of the data, modulo 2³²: read it in one go.
	var b []byte
	if n := len(contoursGz); n >= 4 {
		b = make([]byte, 0, binary.LittleEndian.Uint32(contoursGz[n-4:])+1)
	}
	buf := bytes.NewBuffer(b)
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("contours: %w", err)
	}
	b = buf.Bytes()
	if !bytes.HasPrefix(b, []byte(magic)) {
		return nil, errCorrupt
	}
	return &decoder{b: b[len(magic):]}, nil
}

func (d *decoder) uvarint() uint64 {
	if len(d.b) > 0 && d.b[0] < 0x80 {
		v := d.b[0]
		d.b = d.b[1:]
		return uint64(v)
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a count, refusing one larger than the bytes left could hold.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.count()
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.b = nil
}

// levels is the number of levels of areas in the file.
const levels = 4

func (d *decoder) set() (*Set, error) {
	missing := make([]string, d.count())
	for i := range missing {
		missing[i] = d.string()
	}
	narcs := d.count()
	start := make([]int32, narcs+1) // arc i is points[start[i]:start[i+1]]
	points := make([]orb.Point, 0, len(d.b)/4)
	var x, y int64
	for i := range narcs {
		n := d.count()
		if n < 2 {
			d.fail()
		}
		for range n {
			x += d.varint()
			y += d.varint()
			points = append(points, orb.Point{float64(x) / 1e5, float64(y) / 1e5})
		}
		start[i+1] = int32(len(points))
	}
	if d.err != nil {
		return nil, d.err
	}

	// A first pass reads the structure of every level into flat arrays.
	var (
		nareas    [levels]int
		codeBytes []byte
		codeEnds  []int   // per area, the end of its code in codeBytes
		areaPolys []int32 // per area, its polygon count
		polyRings []int32 // per polygon, its ring count
		ringEnds  []int32 // per ring, the end of its refs in refs
		refs      = make([]int32, 0, len(d.b)/2)
		total     int // points of all rings
		ref       int64
	)
	for l := range levels {
		nareas[l] = d.count()
		for range nareas[l] {
			n := d.count()
			codeBytes = append(codeBytes, d.b[:n]...)
			d.b = d.b[n:]
			codeEnds = append(codeEnds, len(codeBytes))
			npolys := d.count()
			areaPolys = append(areaPolys, int32(npolys))
			for range npolys {
				nrings := d.count()
				if nrings == 0 {
					d.fail()
				}
				polyRings = append(polyRings, int32(nrings))
				for range nrings {
					n := d.count()
					if n == 0 {
						d.fail()
					}
					total++
					for range n {
						ref += d.varint()
						i := ref
						if i < 0 {
							i = ^i
						}
						if i >= int64(narcs) {
							d.fail()
							return nil, d.err
						}
						refs = append(refs, int32(ref))
						total += int(start[i+1]-start[i]) - 1
					}
					ringEnds = append(ringEnds, int32(len(refs)))
				}
			}
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the régions", errCorrupt, len(d.b))
	}

	// A second pass lays the rings' points end to end.
	codes := string(codeBytes)
	all := make([]orb.Point, 0, total)
	rings := make([]orb.Ring, len(ringEnds))
	polys := make([]orb.Polygon, len(polyRings))
	s := &Set{Missing: missing}
	maps := [levels]*map[string]orb.MultiPolygon{&s.Communes, &s.EPCIs, &s.Departements, &s.Regions}
	area, poly, ring, from := 0, 0, 0, 0
	for l := range levels {
		m := make(map[string]orb.MultiPolygon, nareas[l])
		for range nareas[l] {
			code := codes[from:codeEnds[area]]
			from = codeEnds[area]
			mp := orb.MultiPolygon(polys[poly : poly+int(areaPolys[area]) : poly+int(areaPolys[area])])
			area++
			for p := range mp {
				nrings := int(polyRings[poly])
				poly++
				mp[p] = rings[ring : ring+nrings : ring+nrings]
				for r := range mp[p] {
					first := 0
					if ring > 0 {
						first = int(ringEnds[ring-1])
					}
					begin := len(all)
					for k, ref := range refs[first:ringEnds[ring]] {
						var arc []orb.Point
						if ref >= 0 {
							arc = points[start[ref]:start[ref+1]]
						} else {
							arc = points[start[^ref]:start[^ref+1]]
						}
						if k > 0 {
							var head orb.Point
							if ref >= 0 {
								head = arc[0]
							} else {
								head = arc[len(arc)-1]
							}
							if head != all[len(all)-1] {
								return nil, fmt.Errorf("%w: an arc of %s does not follow on", errCorrupt, code)
							}
						}
						if ref >= 0 {
							if k > 0 {
								arc = arc[1:]
							}
							all = append(all, arc...)
							continue
						}
						last := len(arc) - 1
						if k > 0 {
							last--
						}
						for j := last; j >= 0; j-- {
							all = append(all, arc[j])
						}
					}
					ring++
					if len(all)-begin < 4 || all[begin] != all[len(all)-1] {
						return nil, fmt.Errorf("%w: %s has an open ring", errCorrupt, code)
					}
					mp[p][r] = orb.Ring(all[begin:len(all):len(all)])
				}
			}
			m[code] = mp
		}
		*maps[l] = m
	}
	return s, nil
}
