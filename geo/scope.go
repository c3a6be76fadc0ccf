package geo

import (
	"fmt"
	"strings"
)

// ScopeEntry is one territory an editor may write in: a région,
// département, EPCI or commune, by code.
type ScopeEntry struct {
	Level Level
	Code  string
}

func (e ScopeEntry) String() string { return string(e.Level) + ":" + e.Code }

// Covers reports whether a place in France lies in the territory. A place
// abroad lies in none.
func (e ScopeEntry) Covers(p Place) bool {
	if p.Abroad() {
		return false
	}
	switch e.Level {
	case LevelRegion:
		return p.Region == e.Code
	case LevelDepartement:
		return p.Departement == e.Code
	case LevelEPCI:
		return p.EPCI == e.Code
	case LevelCommune:
		return p.Commune == e.Code
	}
	return false
}

// Scope is the territories of an editor: it may write what lies in any of
// them.
type Scope []ScopeEntry

// Covers reports whether any territory of the scope covers p.
func (s Scope) Covers(p Place) bool {
	for _, e := range s {
		if e.Covers(p) {
			return true
		}
	}
	return false
}

func (s Scope) String() string {
	parts := make([]string, len(s))
	for i, e := range s {
		parts[i] = e.String()
	}
	return strings.Join(parts, ",")
}

// ParseScope reads a scope written as level:code entries separated by
// commas ("region:84,departement:69"). Each level is one of Levels and
// each code is not empty; whether the territory exists is for the caller
// to check against its data.
func ParseScope(text string) (Scope, error) {
	var s Scope
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		level, code, ok := strings.Cut(part, ":")
		code = strings.TrimSpace(code)
		if !ok || code == "" {
			return nil, fmt.Errorf("scope entry %q: want level:code, such as region:84", part)
		}
		e := ScopeEntry{Level: Level(strings.TrimSpace(level)), Code: code}
		if !e.Level.Valid() {
			return nil, fmt.Errorf("scope entry %q: unknown level %q (want region, departement, epci or commune)", part, e.Level)
		}
		s = append(s, e)
	}
	return s, nil
}
