package memory

import (
	"cmp"
	"slices"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// The render functions write one GeoJSON Feature per row, with members in
// the order "type", "id", "geometry", "properties" and properties exactly in
// the order data.Catalog() lists them. Absent optional values (a code, a
// SIREN, an unknown sector, reach or density class, a running
// partnership's end, the first alliance year of a territory without any)
// are JSON null; empty domain lists too. Coordinates have at most 7
// decimals.

// appendFeatureStart writes a feature up to its first property; id is an
// integer id, or code a territory code when id is 0.
func appendFeatureStart(b []byte, id int64, code string, g orb.Geometry) []byte {
	b = appendFeatureID(b, id, code)
	b = dataset.AppendGeometry(b, g)
	return append(b, `,"properties":{`...)
}

// appendFeatureID writes a feature up to its geometry, `"geometry":`
// included.
func appendFeatureID(b []byte, id int64, code string) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	if code != "" {
		b = dataset.AppendString(b, code)
	} else {
		b = dataset.AppendInt(b, id)
	}
	return append(b, `,"geometry":`...)
}

// appendActor renders an actor; pl is its place (EPCI, département and région
// from its commune).
func appendActor(b []byte, a *geo.Actor, pl geo.Place) []byte {
	b = appendFeatureStart(b, a.ID, "", a.Location)
	country := a.Country
	if country == "" {
		country = "FR"
	}
	b = append(b, `"name":`...)
	b = dataset.AppendString(b, a.Name)
	b = append(b, `,"kind":`...)
	b = dataset.AppendString(b, string(a.Kind))
	b = append(b, `,"siren":`...)
	b = dataset.AppendStringOrNull(b, a.SIREN)
	b = append(b, `,"rna":`...)
	b = dataset.AppendStringOrNull(b, a.RNA)
	b = append(b, `,"commune":`...)
	b = dataset.AppendStringOrNull(b, a.CommuneCode)
	b = append(b, `,"epci":`...)
	b = dataset.AppendStringOrNull(b, pl.EPCI)
	b = append(b, `,"departement":`...)
	b = dataset.AppendStringOrNull(b, pl.Departement)
	b = append(b, `,"region":`...)
	b = dataset.AppendStringOrNull(b, pl.Region)
	b = append(b, `,"country":`...)
	b = dataset.AppendString(b, country)
	b = append(b, `,"precision":`...)
	b = dataset.AppendStringOrNull(b, string(a.Precision))
	b = append(b, `,"employees":`...)
	b = dataset.AppendInt(b, int64(a.Employees))
	b = append(b, `,"size_class":`...)
	b = dataset.AppendString(b, string(a.SizeClass()))
	b = append(b, `,"employer":`...)
	b = dataset.AppendBool(b, a.Employer)
	b = append(b, `,"insertion":`...)
	b = dataset.AppendBool(b, a.Insertion)
	b = append(b, `,"sector":`...)
	b = dataset.AppendStringOrNull(b, string(a.Sector))
	b = append(b, `,"reach":`...)
	b = dataset.AppendStringOrNull(b, string(a.Reach))
	b = append(b, `,"domains":`...)
	if len(a.Domains) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		for i, d := range a.Domains {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, d...) // domain names are plain ASCII identifiers
		}
		b = append(b, '"')
	}
	b = append(b, `,"active":`...)
	b = dataset.AppendBool(b, !a.Inactive)
	return append(b, "}}"...)
}

// partnershipLine is the segment from actor A's point to actor B's.
func partnershipLine(a, b *geo.Actor) orb.LineString {
	return orb.LineString{a.Location, b.Location}
}

// appendPartnership renders a partnership between actors a and b.
func appendPartnership(b []byte, p *geo.Partnership, a, bb *geo.Actor) []byte {
	b = appendFeatureStart(b, p.ID, "", partnershipLine(a, bb))
	b = append(b, `"actor_a":`...)
	b = dataset.AppendInt(b, p.ActorA)
	b = append(b, `,"actor_b":`...)
	b = dataset.AppendInt(b, p.ActorB)
	b = append(b, `,"kind_a":`...)
	b = dataset.AppendString(b, string(a.Kind))
	b = append(b, `,"kind_b":`...)
	b = dataset.AppendString(b, string(bb.Kind))
	b = append(b, `,"category":`...)
	b = dataset.AppendString(b, string(p.Category))
	b = append(b, `,"domain":`...)
	b = dataset.AppendString(b, string(p.Domain))
	b = append(b, `,"scale":`...)
	b = dataset.AppendString(b, string(p.Scale))
	b = append(b, `,"start":"`...)
	b = p.Start.AppendFormat(b, geo.DateLayout)
	b = append(b, `","end":`...)
	if p.End.IsZero() {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = p.End.AppendFormat(b, geo.DateLayout)
		b = append(b, '"')
	}
	b = append(b, `,"stage":`...)
	if p.Stage == "" {
		b = append(b, "null"...)
	} else {
		b = dataset.AppendString(b, string(p.Stage))
	}
	b = append(b, `,"length_km":`...)
	b = dataset.AppendNumber(b, geo.LinkLengthKm(a.Location, bb.Location))
	return append(b, "}}"...)
}

// appendAlliance renders an alliance at point pt (its territory's
// geo.InteriorPoint) with its members (membersOf).
func appendAlliance(b []byte, al *geo.Alliance, pt orb.Point, members []allianceMember) []byte {
	b = appendFeatureStart(b, al.ID, "", pt)
	b = append(b, `"name":`...)
	b = dataset.AppendString(b, al.Name)
	b = append(b, `,"territory":`...)
	b = dataset.AppendString(b, al.TerritoryCode)
	b = append(b, `,"territory_level":`...)
	b = dataset.AppendString(b, string(al.TerritoryLevel))
	b = append(b, `,"stake":`...)
	b = dataset.AppendString(b, string(al.Stake))
	b = append(b, `,"start_year":`...)
	b = dataset.AppendIntOrNull(b, int64(al.StartYear))
	b = append(b, `,"members":`...)
	b = dataset.AppendInt(b, int64(len(members)))
	b = append(b, `,"worlds":`...)
	b = dataset.AppendInt(b, int64(worldsOf(members)))
	b = append(b, `,"member_list":`...)
	b = dataset.AppendString(b, string(appendMembers(nil, members)))
	b = append(b, `,"illustrative":`...)
	b = dataset.AppendBool(b, al.Illustrative)
	return append(b, "}}"...)
}

// appendTerritory renders a région, département, EPCI or commune, its
// geometry by geometry (territories are rendered when read, in the CRS
// asked for: collection.render).
func appendTerritory(b []byte, t *geo.Territory, geometry func([]byte) []byte) []byte {
	b = appendFeatureID(b, 0, t.Code)
	b = geometry(b)
	b = append(b, `,"properties":{`...)
	b = append(b, `"code":`...)
	b = dataset.AppendString(b, t.Code)
	b = append(b, `,"name":`...)
	b = dataset.AppendString(b, t.Name)
	b = append(b, `,"level":`...)
	b = dataset.AppendString(b, string(t.Level))
	b = append(b, `,"region":`...)
	b = dataset.AppendStringOrNull(b, t.RegionCode)
	b = append(b, `,"departement":`...)
	b = dataset.AppendStringOrNull(b, t.DepartementCode)
	b = append(b, `,"epci":`...)
	b = dataset.AppendStringOrNull(b, t.EPCICode)
	b = append(b, `,"population":`...)
	b = dataset.AppendInt(b, t.Population)
	b = append(b, `,"approximate":`...)
	b = dataset.AppendBool(b, t.Approximate)
	b = append(b, `,"density_class":`...)
	b = dataset.AppendIntOrNull(b, int64(t.Typology.DensityClass))
	b = append(b, `,"qpv_share":`...)
	b = dataset.AppendNumber(b, t.Typology.QPVShare)
	b = append(b, `,"rural_revitalisation":`...)
	b = dataset.AppendBool(b, t.Typology.RuralRevitalisation)
	b = append(b, `,"natural_park":`...)
	b = dataset.AppendBool(b, t.Typology.NaturalPark)
	b = append(b, `,"alliances_count":`...)
	b = dataset.AppendInt(b, int64(t.Alliances.Count))
	b = append(b, `,"alliances_first_year":`...)
	b = dataset.AppendIntOrNull(b, int64(t.Alliances.FirstYear))
	return append(b, "}}"...)
}

// allianceMember is one member of an alliance as its feature lists it.
type allianceMember struct {
	actor *geo.Actor
	role  geo.Role
}

// membersOf lists an alliance's members in actor id order, as PostGIS's
// json_agg(... ORDER BY m.actor) does; a member that is not an actor of the
// dataset (Derive refuses those) is skipped.
func (s *Store) membersOf(al *geo.Alliance) []allianceMember {
	out := make([]allianceMember, 0, len(al.Members))
	for _, m := range al.Members {
		if i, ok := s.actors[m.ActorID]; ok {
			out = append(out, allianceMember{&s.ds.Actors[i], m.Role})
		}
	}
	slices.SortFunc(out, func(x, y allianceMember) int { return cmp.Compare(x.actor.ID, y.actor.ID) })
	return out
}

// worldsOf counts the distinct worlds among the kinds of an alliance's members.
func worldsOf(members []allianceMember) int {
	seen := map[geo.World]bool{}
	for _, m := range members {
		seen[m.actor.Kind.World()] = true
	}
	return len(seen)
}

// appendMembers writes the members as compact JSON, the text of the
// member_list property (a string: GIS clients export no nested lists).
func appendMembers(b []byte, members []allianceMember) []byte {
	b = append(b, '[')
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"actor":`...)
		b = dataset.AppendInt(b, m.actor.ID)
		b = append(b, `,"name":`...)
		b = dataset.AppendString(b, m.actor.Name)
		b = append(b, `,"kind":`...)
		b = dataset.AppendString(b, string(m.actor.Kind))
		b = append(b, `,"world":`...)
		b = dataset.AppendString(b, string(m.actor.Kind.World()))
		b = append(b, `,"role":`...)
		b = dataset.AppendString(b, string(m.role))
		b = append(b, '}')
	}
	return append(b, ']')
}
