package main

import "encoding/binary"

// magic opens the file; the package doc of data/demo/contours describes the
// format.
const magic = "MCC1"

// encode writes the missing communes, the arcs and the communes' rings.
func encode(t *topology, arcs [][]pt, missing []string) []byte {
	b := []byte(magic)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(missing)))
	for _, code := range missing {
		str(code)
	}
	b = binary.AppendUvarint(b, uint64(len(arcs)))
	var prev pt
	for _, a := range arcs {
		b = binary.AppendUvarint(b, uint64(len(a)))
		for _, p := range a {
			b = binary.AppendVarint(b, int64(p.X)-int64(prev.X))
			b = binary.AppendVarint(b, int64(p.Y)-int64(prev.Y))
			prev = p
		}
	}
	b = binary.AppendUvarint(b, uint64(len(t.codes)))
	var prevRef int64
	for i, code := range t.codes {
		str(code)
		b = binary.AppendUvarint(b, uint64(len(t.polygons[i])))
		for _, poly := range t.polygons[i] {
			b = binary.AppendUvarint(b, uint64(len(poly)))
			for _, r := range poly {
				b = binary.AppendUvarint(b, uint64(len(t.rings[r])))
				for _, ref := range t.rings[r] {
					b = binary.AppendVarint(b, int64(ref)-prevRef)
					prevRef = int64(ref)
				}
			}
		}
	}
	return b
}
