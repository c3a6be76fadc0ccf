// Package contours holds the contours of France's current communes, embedded:
// IGN's Admin Express COG 2018 (as published, simplified, by
// gregoiredavid/france-geojson; Licence Ouverte, see NOTICE) mapped onto the
// 34 969 communes of @etalab/decoupage-administratif 6.0.0 and simplified
// once more so that neighbours keep sharing their border exactly. It does no
// I/O beyond the embedded file; scripts/contours writes that file.
//
// Communes returns them keyed by INSEE code, in longitude/latitude (EPSG:4326),
// rings closed, outer rings counter-clockwise and holes (enclaves) clockwise,
// as RFC 7946 asks. A commune merged since 2018 is the exact union of its 2018
// communes; Paris, Lyon and Marseille are whole communes. Two neighbours share
// their border point for point (walked in opposite directions), so
// geo.Dissolve merges communes into EPCIs or départements without slivers.
//
// 101 current communes have no contour (Missing lists them): the 94 of the
// collectivités d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy,
// Saint-Martin, the TAAF, Wallis-et-Futuna, French Polynesia, New Caledonia,
// Clipperton), which Admin Express leaves out, and 7 communes re-established
// after 2018 out of a commune nouvelle, which had no code of their own in 2018:
// 14666 Sannerville (out of 14712 Saline, now Troarn), 15031 Celles, 15035
// Chalinargues, 15047 Chavagnac and 15171 Sainte-Anastasie (out of 15141
// Neussargues en Pinatelle, now Neussargues-Moissac), 85165 L'Oie and 85212
// Sainte-Florence (out of 85084 Essarts-en-Bocage). The communes they left keep
// the whole 2018 shape, so they cover them; other border changes since 2018
// are not followed either.
//
// # Format
//
// communes.bin.gz is gzip over a byte string of unsigned varints (u) and
// zigzag signed varints (s), as encoding/binary writes them; a string is u
// length then its bytes. Coordinates are integers in 1e-5 degree, the
// source's own grid: every point is a point of the source.
//
//	"MCC1"
//	u missing count, then each missing commune's code (string)
//	u arc count, then for each arc:
//	    u point count (≥ 2), then for each point s Δlongitude, s Δlatitude
//	    from the previous point of the file (the first from 0,0)
//	u commune count, then for each commune, by code:
//	    code (string), u polygon count, then for each polygon:
//	        u ring count (outer ring first), then for each ring:
//	            u arc count, then for each arc s Δref from the previous ref of
//	            the file (the first from 0); ref i walks arc i forward, ^i
//	            (-i-1) walks it backward
//
// A ring is its arcs end to end, each arc's first point being the previous
// arc's last (written once); the last arc ends on the first point. Arcs run
// between junctions (points where three communes meet, or a border meets the
// coast or a frontier), so a border between two communes is one arc walked
// forward by one and backward by the other; a ring without junction (an
// island, an enclave) is one closed arc.
package contours

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/paulmach/orb"
)

//go:embed communes.bin.gz
var communesGz []byte

const magic = "MCC1"

// Communes decodes every contour, keyed by current INSEE commune code. Each
// call decodes the file anew (about 0.1 s) and the caller owns the result;
// the rings of all communes share one backing array.
func Communes() (map[string]orb.MultiPolygon, error) {
	d, err := open()
	if err != nil {
		return nil, err
	}
	if _, err := d.strings(); err != nil {
		return nil, err
	}
	return d.communes()
}

// Missing returns the codes of the current communes without a contour,
// sorted.
func Missing() ([]string, error) {
	d, err := open()
	if err != nil {
		return nil, err
	}
	return d.strings()
}

var errCorrupt = errors.New("contours: communes.bin.gz is corrupt")

// decoder reads the unzipped file.
type decoder struct {
	b   []byte
	err error
}

func open() (*decoder, error) {
	zr, err := gzip.NewReader(bytes.NewReader(communesGz))
	if err != nil {
		return nil, fmt.Errorf("contours: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("contours: %w", err)
	}
	if !bytes.HasPrefix(b, []byte(magic)) {
		return nil, errCorrupt
	}
	return &decoder{b: b[len(magic):]}, nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
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

func (d *decoder) strings() ([]string, error) {
	n := d.count()
	out := make([]string, 0, n)
	for range n {
		out = append(out, d.string())
	}
	return out, d.err
}

func (d *decoder) communes() (map[string]orb.MultiPolygon, error) {
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
	// The rings' points go into one array; a first pass reads the structure.
	type ring struct{ refs []int32 }
	ncommunes := d.count()
	codes := make([]string, 0, ncommunes)
	shapes := make([][][]ring, 0, ncommunes)
	total := 0
	var ref int64
	for range ncommunes {
		codes = append(codes, d.string())
		polys := make([][]ring, d.count())
		for p := range polys {
			rings := make([]ring, d.count())
			if len(rings) == 0 {
				d.fail()
			}
			for r := range rings {
				refs := make([]int32, d.count())
				if len(refs) == 0 {
					d.fail()
				}
				total++
				for k := range refs {
					ref += d.varint()
					i := ref
					if i < 0 {
						i = ^i
					}
					if i >= int64(narcs) {
						d.fail()
						return nil, d.err
					}
					refs[k] = int32(ref)
					total += int(start[i+1]-start[i]) - 1
				}
				rings[r] = ring{refs}
			}
			polys[p] = rings
		}
		shapes = append(shapes, polys)
	}
	if d.err != nil {
		return nil, d.err
	}
	all := make([]orb.Point, 0, total)
	out := make(map[string]orb.MultiPolygon, ncommunes)
	for c, polys := range shapes {
		mp := make(orb.MultiPolygon, len(polys))
		for p, rings := range polys {
			poly := make(orb.Polygon, len(rings))
			for r, rg := range rings {
				from := len(all)
				for k, ref := range rg.refs {
					if ref >= 0 {
						arc := points[start[ref]:start[ref+1]]
						if k > 0 {
							arc = arc[1:]
						}
						all = append(all, arc...)
						continue
					}
					arc := points[start[^ref]:start[^ref+1]]
					last := len(arc) - 1
					if k > 0 {
						last--
					}
					for j := last; j >= 0; j-- {
						all = append(all, arc[j])
					}
				}
				if len(all)-from < 4 || all[from] != all[len(all)-1] {
					return nil, fmt.Errorf("%w: commune %s has an open ring", errCorrupt, codes[c])
				}
				poly[r] = orb.Ring(all[from:len(all):len(all)])
			}
			mp[p] = poly
		}
		out[codes[c]] = mp
	}
	return out, nil
}
