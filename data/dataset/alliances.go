package dataset

import (
	"io"
	"strconv"

	"github.com/maillage/maillage/geo"
)

// allianceColumns returns the column order of alliances.csv; illustrative
// and territory_level may be left out of the header.
func allianceColumns() []string {
	return []string{"id", "name", "territory", "stake", "start_year", "illustrative", "territory_level"}
}

// memberColumns returns the columns of alliance_members.csv, all required.
func memberColumns() []string { return []string{"alliance", "actor", "role"} }

// Member is one row of alliance_members.csv: an actor's role in an alliance.
type Member struct {
	AllianceID int64
	geo.AllianceMember
}

// ReadAlliances reads alliances.csv. The territory, of any level, must be
// known to the Resolver: territory_level names its level, or when empty (or
// absent) the bare code is resolved by ResolveCode, so "84" is Vaucluse;
// TerritoryLevel is set either way. The stake is a domain; start_year may be
// empty (unknown, 0). Members come from their own file (ReadAllianceMembers)
// and are left nil here.
func ReadAlliances(body io.Reader, o Options) ([]geo.Alliance, error) {
	p := &problems{file: fileName(o, FileAlliances)}
	cols := allianceColumns()
	c, err := openCSV(body, p, cols[:4], cols[4:])
	if err != nil {
		return nil, err
	}
	defer c.close()
	res := resolverOrEmpty(o.Resolver)
	seen := map[int64]int{}
	var out []geo.Alliance
	for c.next() {
		r := row{line: c.line}
		al := geo.Alliance{
			ID: r.id("id", c.get("id")), Name: r.text("name", c.get("name")),
			TerritoryCode: r.text("territory", c.get("territory")), Stake: geo.Domain(c.get("stake")),
			StartYear:    int(r.integer("start_year", c.get("start_year"), 1800, 2100, 0)),
			Illustrative: r.boolean("illustrative", c.get("illustrative")),
		}
		if first, dup := seen[al.ID]; dup && al.ID != 0 {
			r.badAt("id", "duplicate id %d (first at line %d)", al.ID, first)
		} else if al.ID != 0 {
			seen[al.ID] = c.line
		}
		switch level := geo.Level(c.get("territory_level")); {
		case al.TerritoryCode == "":
		case level != "" && !level.Valid():
			r.badAt("territory_level", "unknown territory_level %q (want %s, or empty)", level, oneOf(geo.Levels))
		case level != "":
			if _, ok := res.Territory(level, al.TerritoryCode); !ok {
				r.badAt("territory", "territory %q is not a known %s", al.TerritoryCode, level)
			}
			al.TerritoryLevel = level
		default:
			if ref, ok := checkTerritoryRef(&r, res, al.TerritoryCode, ""); ok {
				al.TerritoryLevel = ref.Level
			}
		}
		if !al.Stake.Valid() {
			r.badAt("stake", "unknown stake %q (want a domain: %s)", al.Stake, oneOf(geo.Domains))
		}
		if p.done(&r) {
			out = append(out, al)
		}
		o.progress(c.count, false)
	}
	return finish(c, p, o, out)
}

// ReadAllianceMembers reads alliance_members.csv. The alliance and the actor
// must be known to the Resolver, the role valid, and an actor appears at most
// once in an alliance.
func ReadAllianceMembers(body io.Reader, o Options) ([]Member, error) {
	p := &problems{file: fileName(o, FileAllianceMembers)}
	c, err := openCSV(body, p, memberColumns(), nil)
	if err != nil {
		return nil, err
	}
	defer c.close()
	res := resolverOrEmpty(o.Resolver)
	type pair struct{ alliance, actor int64 }
	seen := map[pair]int{}
	var out []Member
	for c.next() {
		r := row{line: c.line}
		m := Member{AllianceID: r.id("alliance", c.get("alliance"))}
		m.ActorID = r.id("actor", c.get("actor"))
		m.Role = geo.Role(c.get("role"))
		if m.AllianceID != 0 && !res.Alliance(m.AllianceID) {
			r.badAt("alliance", "alliance %d is not a known alliance", m.AllianceID)
		}
		if _, ok := res.Actor(m.ActorID); m.ActorID != 0 && !ok {
			r.badAt("actor", "actor %d is not a known actor", m.ActorID)
		}
		if !m.Role.Valid() {
			r.badAt("role", "unknown role %q (want %s)", m.Role, oneOf(geo.Roles))
		}
		key := pair{m.AllianceID, m.ActorID}
		if first, dup := seen[key]; dup && r.ok() {
			r.badAt("actor", "actor %d is already a member of alliance %d (line %d)", m.ActorID, m.AllianceID, first)
		} else if !dup {
			seen[key] = c.line
		}
		if p.done(&r) {
			out = append(out, m)
		}
		o.progress(c.count, false)
	}
	return finish(c, p, o, out)
}

// allianceRecord is an alliance as a row of alliances.csv.
func allianceRecord(rec []string, al geo.Alliance) []string {
	year := ""
	if al.StartYear != 0 {
		year = strconv.Itoa(al.StartYear)
	}
	return append(rec[:0], strconv.FormatInt(al.ID, 10), al.Name, al.TerritoryCode, string(al.Stake),
		year, strconv.FormatBool(al.Illustrative), string(al.TerritoryLevel))
}

// memberRecord is a member as a row of alliance_members.csv.
func memberRecord(rec []string, alliance int64, m geo.AllianceMember) []string {
	return append(rec[:0], strconv.FormatInt(alliance, 10), strconv.FormatInt(m.ActorID, 10), string(m.Role))
}
