package postgis

import "fmt"

// codeIndex finds a territory's place in a list by its code, for each of
// the 240 000 count rows Coverage reads at national size. A Go map keyed
// by the packed code (codeKey) took 19 ms of CPU per cold commune ranking,
// mostly cache misses over 35 000 entries, so commune codes, the only level
// with that many, have a direct table instead: one read each, 3 ms. (CPU,
// not latency: the rows are decoded while PostgreSQL sends them, and it
// sends them no faster. Cold rankings alternating with and without it were
// within each other's noise.)
type codeIndex struct {
	slots []int32          // by communeSlot: the place plus one, 0 for none
	other map[uint64]int32 // every other code, by codeKey
}

// add records code at place i. A code too long to pack is an error.
func (x *codeIndex) add(code []byte, i int32) error {
	if s, ok := communeSlot(code); ok {
		if x.slots == nil {
			x.slots = make([]int32, communeSlots)
		}
		x.slots[s] = i + 1
		return nil
	}
	k, ok := codeKey(code)
	if !ok {
		return fmt.Errorf("territory code %q longer than %d bytes", code, maxCodeKeyBytes)
	}
	if x.other == nil {
		x.other = map[uint64]int32{}
	}
	x.other[k] = i
	return nil
}

// find returns the place of code, if it was added.
func (x *codeIndex) find(code []byte) (int32, bool) {
	if s, ok := communeSlot(code); ok {
		if x.slots == nil || x.slots[s] == 0 {
			return 0, false
		}
		return x.slots[s] - 1, true
	}
	k, ok := codeKey(code)
	if !ok {
		return 0, false
	}
	i, ok := x.other[k]
	return i, ok
}

// communeSlots is the size of the direct table: ten first digits, twelve
// seconds (digits, then Corsica's A and B), a thousand numbers.
const communeSlots = 10 * 12 * 1000

// communeSlot numbers a code shaped like a commune's (INSEE: two
// characters of département, "2A" and "2B" included, then three digits;
// the overseas communes are 97 plus three digits), one-to-one. ok is false
// for any other shape, which codeKey then packs.
func communeSlot(code []byte) (int, bool) {
	if len(code) != 5 {
		return 0, false
	}
	second := 0
	switch c := code[1]; {
	case c >= '0' && c <= '9':
		second = int(c - '0')
	case c == 'A':
		second = 10
	case c == 'B':
		second = 11
	default:
		return 0, false
	}
	for _, c := range [...]byte{code[0], code[2], code[3], code[4]} {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n := int(code[2]-'0')*100 + int(code[3]-'0')*10 + int(code[4]-'0')
	return int(code[0]-'0')*12000 + second*1000 + n, true
}

// maxCodeKeyBytes is the longest territory code codeKey packs: an EPCI's
// SIREN has nine digits, a commune's code five characters.
const maxCodeKeyBytes = 9

// codeKey packs a territory code of up to nine ASCII bytes into an
// integer, seven bits a byte, one-to-one (no byte is zero): Coverage looks
// up the territory of each of 240 000 count rows, and an integer map did
// it in a fraction of a string map's time. ok is false for a longer code.
func codeKey(b []byte) (k uint64, ok bool) {
	if len(b) > maxCodeKeyBytes {
		return 0, false
	}
	for _, c := range b {
		k = k<<7 | uint64(c&0x7f)
	}
	return k, true
}
