package main

import "encoding/binary"

// magic opens the file; the package doc of data/demo/contours describes the
// format.
const magic = "MCC2"

// encode writes the missing communes, the arcs and the areas of each level
// (communes, EPCI, départements, régions), as rings of arc refs.
func encode(arcs [][]pt, missing []string, levels []level) []byte {
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
	var prevRef int64
	for _, l := range levels {
		b = binary.AppendUvarint(b, uint64(len(l.codes)))
		for i, code := range l.codes {
			str(code)
			b = binary.AppendUvarint(b, uint64(len(l.areas[i])))
			for _, poly := range l.areas[i] {
				b = binary.AppendUvarint(b, uint64(len(poly)))
				for _, r := range poly {
					b = binary.AppendUvarint(b, uint64(len(r)))
					for _, ref := range r {
						b = binary.AppendVarint(b, int64(ref)-prevRef)
						prevRef = int64(ref)
					}
				}
			}
		}
	}
	return b
}
