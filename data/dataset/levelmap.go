package dataset

import "github.com/maillage/maillage/geo"

// levelMap maps a level and a code to a value. Codes are unique only within
// a level (région 84, département 84); one map per level hashes only the
// code, which matters with 35 000 communes and 400 000 indicator values. The
// zero value is empty and ready to use.
type levelMap[T any] [4]map[string]T

// levelIndex is l's position in geo.Levels, -1 for an unknown level.
func levelIndex(l geo.Level) int {
	switch l {
	case geo.LevelRegion:
		return 0
	case geo.LevelDepartement:
		return 1
	case geo.LevelEPCI:
		return 2
	case geo.LevelCommune:
		return 3
	}
	return -1
}

func (m *levelMap[T]) get(l geo.Level, code string) (T, bool) {
	var zero T
	li := levelIndex(l)
	if li < 0 || m[li] == nil {
		return zero, false
	}
	v, ok := m[li][code]
	return v, ok
}

// set stores v; an unknown level is ignored (readers reject it first).
func (m *levelMap[T]) set(l geo.Level, code string, v T) {
	li := levelIndex(l)
	if li < 0 {
		return
	}
	if m[li] == nil {
		m[li] = map[string]T{}
	}
	m[li][code] = v
}

// grow makes room for counts[i] codes of level geo.Levels[i] in a map not
// made yet (one that exists grows as it needs).
func (m *levelMap[T]) grow(counts [4]int) {
	for li, n := range counts {
		if m[li] == nil && n > 0 {
			m[li] = make(map[string]T, n)
		}
	}
}
